import Metrics

/// Request counts and latency histograms per route, method and status, and the connections closed
/// for their clients' sake, recorded in the application's registry.
struct RequestMetrics: Sendable {
    let factory: any MetricsFactory

    init(_ registry: MetricsRegistry) {
        factory = registry.factory
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
}
