import Hummingbird
import PTRCore

/// `/health`, `/ready`, `/metrics` and `/openapi.json`, the same on every binary.
enum OperationsRoutes {
    /// They answer while the database is away; every other route waits for its schema.
    static let paths: Set<String> = ["/health", "/ready", "/metrics", "/openapi.json"]

    static func register(on routes: ServiceRoutes, databases: ApplicationDatabases, metrics: MetricsRegistry) {
        routes.get("/health", summary: "Liveness: the process answers") { _, _ in
            .json(["status": "ok", "service": .string(routes.service.rawValue)])
        }
        routes.get("/ready", summary: "Readiness: the schema is migrated and the database answers",
                   responses: [200: "Ready", 503: "Database unreachable or not yet migrated"]) { _, _ in
            await databases.areReady()
                ? .json(["status": "ready"])
                : .json(["status": "unavailable", "message": "Database is not reachable"], status: .serviceUnavailable)
        }
        routes.get("/metrics", summary: "Prometheus metrics") { _, _ in
            Reply(status: .ok, body: .text(metrics.exposition()), headers: [.contentType: "text/plain; version=0.0.4"])
        }
        routes.get("/openapi.json", summary: "The OpenAPI 3.1 document of this service") { _, _ in
            .json(routes.openAPIDocument)
        }
    }
}
