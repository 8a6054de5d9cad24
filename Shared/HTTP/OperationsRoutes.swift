import Hummingbird
import PTRCore

/// `/health`, `/ready`, `/metrics` and `/openapi.json`, the same on every binary.
enum OperationsRoutes {
    /// They answer while the database is away; every other route waits for its schema.
    static let paths: Set<String> = ["/health", "/ready", "/metrics", "/openapi.json"]

    static func register(on routes: ServiceRoutes, databases: ApplicationDatabases, metrics: MetricsRegistry) {
        routes.get("/health", summary: "Liveness: the process answers",
                   responses: [200: .json("Alive", JSONSchema.object(["status": JSONSchema.constant("ok"), "service": JSONSchema.constant(.string(routes.service.rawValue))],
                                                                     required: ["status", "service"]))]) { _, _ in
            .json(["status": "ok", "service": .string(routes.service.rawValue)])
        }
        routes.get("/ready", summary: "Readiness: the schema is migrated and the database answers",
                   responses: [200: .json("Ready", JSONSchema.object(["status": JSONSchema.constant("ready")], required: ["status"])),
                               503: .json("Database unreachable or not yet migrated",
                                          JSONSchema.object(["status": JSONSchema.constant("unavailable"), "message": JSONSchema.string()], required: ["status", "message"]))]) { _, _ in
            await databases.areReady()
                ? .json(["status": "ready"])
                : .json(["status": "unavailable", "message": "Database is not reachable"], status: .serviceUnavailable)
        }
        routes.get("/metrics", summary: "Prometheus metrics",
                   responses: [200: DocumentedResponse(description: "Prometheus text format 0.0.4", schema: nil, mediaType: "text/plain")]) { _, _ in
            Reply(status: .ok, body: .text(metrics.exposition()), headers: [.contentType: "text/plain; version=0.0.4"])
        }
        routes.get("/openapi.json", summary: "The OpenAPI 3.1 document of this service",
                   responses: [200: .json("This document", JSONSchema.object(["openapi": JSONSchema.constant("3.1.0")], required: ["openapi", "info", "paths"]))]) { _, _ in
            .json(routes.openAPIDocument)
        }
    }
}
