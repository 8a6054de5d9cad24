import Foundation
import Logging
import PTRCore
import PTRStorage
import PTRTesting
import SQLKit
import Testing

@Suite struct DatabaseTests {
    static let migrations = [
        Migration(version: 1, name: "notes") { _ in ["CREATE TABLE notes (id TEXT PRIMARY KEY, body TEXT NOT NULL)"] },
        Migration(version: 2, name: "note times") { _ in ["ALTER TABLE notes ADD COLUMN written_at BIGINT NOT NULL DEFAULT 0"] },
    ]

    /// Runs `body` with a migrated, running database of `backend`: opened with the test timeout,
    /// or with `timeout` and `poolSize` for the tests of leasing.
    static func withDatabase(
        _ backend: TestBackend, timeout: Duration? = nil, poolSize: Int = Database.defaultPoolSize,
        _ body: @escaping @Sendable (Database) async throws -> Void
    ) async throws {
        try await TestDatabase.with(backend) { test in
            let database = try timeout.map { try Database(test.location, connectionTimeout: $0, poolSize: poolSize, logger: Logger(label: "test")) }
                ?? test.open()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await database.run() }
                defer { group.cancelAll() }
                try await database.migrate(service: "test", migrations)
                try await body(database)
            }
        }
    }

    @Test("migrations apply once, in order, and again is a no-op", arguments: TestBackend.enabled)
    func migrationsAreIdempotent(backend: TestBackend) async throws {
        try await Self.withDatabase(backend) { database in
            try await database.migrate(service: "test", Self.migrations)
            let versions = try await database.withConnection { sql in
                try await sql.raw("SELECT version FROM ptr_schema_migrations WHERE service = 'test' ORDER BY version").all()
                    .map { try $0.decode(column: "version", as: Int.self) }
            }
            #expect(versions == [1, 2])
            try await database.withConnection { sql in
                try await sql.raw("INSERT INTO notes (id, body, written_at) VALUES ('a', 'x', 1)").run()
            }
        }
    }

    @Test("replicas starting at once migrate exactly once", arguments: TestBackend.enabled)
    func concurrentMigrations(backend: TestBackend) async throws {
        try await TestDatabase.with(backend) { test in
            let replicas = try (0..<4).map { _ in try test.open(logger: Logger(label: "replica")) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for replica in replicas { group.addTask { try await replica.run() } }
                try await withThrowingTaskGroup(of: Void.self) { migrations in
                    for replica in replicas { migrations.addTask { try await replica.migrate(service: "test", Self.migrations) } }
                    try await migrations.waitForAll()
                }
                let count = try await replicas[0].withConnection { sql in
                    try await sql.raw("SELECT COUNT(*) AS n FROM ptr_schema_migrations WHERE service = 'test'").first()!.decode(column: "n", as: Int.self)
                }
                #expect(count == 2)
                group.cancelAll()
            }
        }
    }

    @Test("a transaction that throws leaves nothing behind", arguments: TestBackend.enabled)
    func rollback(backend: TestBackend) async throws {
        struct Abort: Error {}
        try await Self.withDatabase(backend) { database in
            await #expect(throws: Abort.self) {
                try await database.transaction { sql in
                    try await sql.raw("INSERT INTO notes (id, body) VALUES ('a', 'x')").run()
                    throw Abort()
                }
            }
            try await database.transaction { sql in try await sql.raw("INSERT INTO notes (id, body) VALUES ('b', 'y')").run() }
            let ids = try await database.withConnection { sql in
                try await sql.raw("SELECT id FROM notes ORDER BY id").all().map { try $0.decode(column: "id", as: String.self) }
            }
            #expect(ids == ["b"])
        }
    }

    @Test("hostile strings are bound, not interpolated, and come back byte for byte", arguments: TestBackend.enabled)
    func hostileStrings(backend: TestBackend) async throws {
        let strings = ["'; DROP TABLE notes; --", "caf\u{E9} \u{1F52D}", "\"quoted\" \\ back", String(repeating: "x", count: 100_000), "$1 ? %s"]
        try await Self.withDatabase(backend) { database in
            for (index, text) in strings.enumerated() {
                try await database.withConnection { sql in
                    try await sql.raw("INSERT INTO notes (id, body) VALUES (\(bind: String(index)), \(bind: text))").run()
                }
            }
            let stored = try await database.withConnection { sql in
                try await sql.raw("SELECT body FROM notes ORDER BY id").all().map { try $0.decode(column: "body", as: String.self) }
            }
            #expect(stored == strings)
        }
    }

    @Test("reads see committed writes and run while a write transaction is open", arguments: TestBackend.enabled)
    func readsBesideAWriter(backend: TestBackend) async throws {
        try await Self.withDatabase(backend) { database in
            try await database.withConnection { sql in try await sql.raw("INSERT INTO notes (id, body) VALUES ('a', 'committed')").run() }
            // The read runs inside the open transaction's body: had reads to wait for the writer
            // (one SQLite connection), it could never finish before the transaction does.
            let seenDuringTransaction = try await database.transaction { sql in
                try await sql.raw("INSERT INTO notes (id, body) VALUES ('b', 'uncommitted')").run()
                return try await database.read { reader in
                    try await reader.raw("SELECT id FROM notes ORDER BY id").all().map { try $0.decode(column: "id", as: String.self) }
                }
            }
            #expect(seenDuringTransaction == ["a"], "a reader sees committed rows only")
            let seenAfter = try await database.read { sql in
                try await sql.raw("SELECT id FROM notes ORDER BY id").all().map { try $0.decode(column: "id", as: String.self) }
            }
            #expect(seenAfter == ["a", "b"])
        }
    }

    @Test("SQLite's reader connections refuse writes")
    func readersRefuseWrites() async throws {
        try await Self.withDatabase(.sqlite) { database in
            await #expect(throws: (any Error).self) {
                try await database.read { sql in try await sql.raw("INSERT INTO notes (id, body) VALUES ('x', 'y')").run() }
            }
            let count = try await database.withConnection { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM notes").first()!.decode(column: "n", as: Int.self)
            }
            #expect(count == 0)
        }
    }

    @Test("readiness follows the database, and a call to an unreachable one fails within the timeout")
    func unreachablePostgresIsNotReady() async throws {
        let database = try Database(.postgres(url: "postgres://nobody@127.0.0.1:1/none"), connectionTimeout: .milliseconds(500),
                                    logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await database.run() }
            defer { group.cancelAll() }
            #expect(await database.isReady() == false)
            let start = ContinuousClock.now
            await #expect(throws: DatabaseUnavailable.self) {
                try await database.withConnection { sql in try await sql.raw("SELECT 1").run() }
            }
            #expect(ContinuousClock.now - start < .seconds(5))
        }
    }

    @Test("a write that waited past the timeout answers DatabaseUnavailable and never runs later", arguments: TestBackend.enabled)
    func timedOutWriteNeverRuns(backend: TestBackend) async throws {
        try await Self.withDatabase(backend, timeout: .seconds(5), poolSize: 1) { database in
            #expect(await database.isReady())
            // The only writer connection (SQLite) or pooled connection (pool of one) is busy for 15 s.
            // (The timeout is long for a test, because these machines are slow when loaded.)
            let holding = AsyncStream<Void>.makeStream()
            let holder = Task {
                try await database.transaction { sql in
                    try await sql.raw("INSERT INTO notes (id, body) VALUES ('held', 'x')").run()
                    holding.continuation.finish()
                    try await Task.sleep(for: .seconds(15))
                }
            }
            for await _ in holding.stream {}
            let start = ContinuousClock.now
            await #expect(throws: DatabaseUnavailable.self) {
                try await database.withConnection { sql in try await sql.raw("INSERT INTO notes (id, body) VALUES ('late', 'x')").run() }
            }
            #expect(ContinuousClock.now - start < .seconds(12), "answered after the 5 s timeout, not when the connection came")
            try await holder.value
            try await Task.sleep(for: .milliseconds(300))
            let ids = try await database.read { sql in
                try await sql.raw("SELECT id FROM notes ORDER BY id").all().map { try $0.decode(column: "id", as: String.self) }
            }
            #expect(ids == ["held"])
        }
    }
}
