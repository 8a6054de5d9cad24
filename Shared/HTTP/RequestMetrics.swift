import Foundation
import Metrics
import Prometheus

/// Request counts and latency histograms per route, method and status, recorded through
/// swift-metrics into this application's own Prometheus registry (so that several apps in one
/// test process do not share counters, and no global bootstrap is needed).
public struct RequestMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let factory: PrometheusMetricsFactory

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(20),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5),
        ]
        self.factory = factory
    }

    func record(route: String, method: String, status: Int, duration: Duration) {
        let dimensions = [("route", route), ("method", method), ("status", String(status))]
        Metrics.Counter(label: "http_requests_total", dimensions: dimensions, factory: factory).increment()
        Metrics.Timer(label: "http_request_duration_seconds", dimensions: dimensions, factory: factory).recordNanoseconds(
            Int64(duration.components.seconds) * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    /// A client that hung up before its request was read or its answer written.
    func recordClientDisconnect() {
        Metrics.Counter(label: "http_client_disconnects_total", factory: factory).increment()
    }

    /// A connection closed because its client sent its request head or body too slowly.
    func recordSlowClient(phase: String) {
        Metrics.Counter(label: "http_slow_clients_closed_total", dimensions: [("waiting_for", phase)], factory: factory).increment()
    }

    /// The Prometheus text exposition of everything recorded.
    public func exposition() -> String { registry.emitToString() }
}
