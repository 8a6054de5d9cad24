import Hummingbird
import PTRCore
import PTRStorage

/// `/health`, `/ready`, `/metrics` and `/openapi.json`, the same on every binary.
enum OperationsRoutes {
    static func register(on routes: ServiceRoutes, database: Database, metrics: RequestMetrics) {
        routes.get("/health", summary: "Liveness: the process answers") { _, _ in
            .json(["status": "ok", "service": .string(routes.service.rawValue)])
        }
        routes.get("/ready", summary: "Readiness: the database answers", responses: [200: "Ready", 503: "Database unreachable"]) { _, _ in
            await database.isReachable()
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
