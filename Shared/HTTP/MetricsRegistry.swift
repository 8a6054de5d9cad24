import Metrics
import Prometheus

/// The one metrics registry of an application, the one `/metrics` serves. Every metric the service
/// records — requests, and its own (imports, workers, sweepers, queues) — is made by `factory`,
/// never through the global swift-metrics API, which nothing bootstraps. One registry per app, not
/// per process, so that several apps in one test process do not share counters.
public struct MetricsRegistry: Sendable {
    private let registry = PrometheusCollectorRegistry()
    /// What a service passes as `factory:` to swift-metrics' `Counter`, `Gauge`, `Timer`, `Recorder`.
    public let factory: any MetricsFactory

    public init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(20),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5),
        ]
        self.factory = factory
    }

    /// The Prometheus text exposition of everything recorded.
    public func exposition() -> String { registry.emitToString() }
}
