import Foundation
import HummingbirdTesting
import Metrics
import PTRCore
import PTRHTTP
import PTRStorage
import PTRTesting
import SQLKit
import ServiceLifecycle
import Testing

/// What `ServiceApplication.build` gives a service: a context to wire from, its background services
/// run and stopped with the app, and extra databases that `/ready` checks.
@Suite struct ApplicationBuilderTests {
    /// A background service of a test app: counts its start in the app's registry, then runs until
    /// the app shuts down.
    struct Heartbeat: Service {
        let metrics: MetricsRegistry
        let stopped: Locked<Bool>

        func run() async throws {
            Counter(label: "test_heartbeats_total", factory: metrics.factory).increment()
            try? await gracefulShutdown()
            stopped.withLock { $0 = true }
        }
    }

    @Test("the registration's background services run beside the server, record in its registry and stop with it")
    func backgroundServices() async throws {
        let stopped = Locked(false)
        try await TestDatabase.with(.sqlite) { database async throws in
            let app = try await ServiceApplication.build(configuration: try database.configuration(.archive), migrations: []) { context in
                [Heartbeat(metrics: context.metrics, stopped: stopped)]
            }
            try await app.test(.router) { client async throws in
                var exposition = ""
                for _ in 0..<100 where !exposition.contains("test_heartbeats_total 1") {
                    exposition = try await client.send(.get, "/metrics").text
                    try await Task.sleep(for: .milliseconds(50))
                }
                #expect(exposition.contains("test_heartbeats_total 1"), "\(exposition)")
                #expect(!stopped.current, "runs while the app serves")
            }
        }
        #expect(stopped.current, "stopped by the app's shutdown")
    }

    static let catalogMigrations = [Migration(version: 1, name: "images") { _ in ["CREATE TABLE images (id TEXT PRIMARY KEY)"] }]

    @Test("an extra database the service migrates: migrated under its name, handed to the routes, checked by /ready")
    func migratedExtraDatabase() async throws {
        try await TestDatabase.with(.sqlite) { database async throws in
            let catalog = ExtraDatabase(name: "catalog", location: .sqlite(path: database.directory + "/catalog.sqlite"),
                                        migrations: Self.catalogMigrations)
            let app = try await ServiceApplication.build(
                configuration: try database.configuration(.archive), migrations: [], extraDatabases: [catalog]
            ) { context in
                let catalog = try #require(context.extraDatabases["catalog"])
                context.routes.get("/catalog", summary: "The catalog's migrations") { _, _ in
                    let versions = try await catalog.read { sql in
                        _ = try await sql.raw("SELECT COUNT(*) FROM images").all()
                        return try await sql.raw("SELECT version FROM ptr_schema_migrations WHERE service = 'catalog'").all()
                            .map { JSONValue.integer(Int64(try $0.decode(column: "version", as: Int.self))) }
                    }
                    return .json(.array(versions))
                }
                return []
            }
            try await app.test(.router) { client async throws in
                #expect(try await client.send(.get, "/ready").status == .ok)
                #expect(try await client.send(.get, "/catalog").text == "[1]")
            }
        }
    }

    @Test("an extra database that does not answer: /ready 503; the routes wait for it only when the service migrates it",
          arguments: [false, true])
    func unreachableExtraDatabase(migrated: Bool) async throws {
        try await TestDatabase.with(.sqlite) { database async throws in
            let away = ExtraDatabase(name: "catalog", location: .postgres(url: "postgres://nobody@127.0.0.1:1/none"),
                                     migrations: migrated ? Self.catalogMigrations : nil)
            let app = try await ServiceApplication.build(
                configuration: try database.configuration(.archive, extra: ["PTR_DATABASE_TIMEOUT_MS": "2000"]),
                migrations: [], extraDatabases: [away]
            ) { context in
                context.routes.get("/own", summary: "Needs only the service's own database") { _, _ in .json(["ok": true]) }
                return []
            }
            try await app.test(.router) { client async throws in
                #expect(try await client.send(.get, "/health").status == .ok)
                let ready = try await client.send(.get, "/ready")
                #expect(ready.status == .serviceUnavailable)
                #expect(try ready.json()["status"] == "unavailable")
                let own = try await client.send(.get, "/own")
                if migrated {
                    #expect(own.status == .serviceUnavailable)
                    #expect(own["Retry-After"] == "1")
                    #expect(try own.json() == ["message": "The database is unavailable. Please try again."])
                } else {
                    #expect(own.status == .ok)
                }
            }
        }
    }
}
