import PTRStorage
import PTRTesting
import SQLKit
import Testing

/// A service group starts a database's pool and the work that uses it (migrations) together.
@Suite struct PoolStartTests {
    @Test("a call made before the Postgres pool runs waits for it, and nothing is logged as a warning",
          .enabled(if: TestBackend.enabled.contains(.postgres), "needs PostgreSQL (make test)"))
    func callBeforeRun() async throws {
        try await TestDatabase.with(.postgres) { test async throws in
            let log = LogCapture()
            let database = try test.open(logger: log.logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await database.read { sql in try await sql.raw("SELECT 1").run() } }
                try await Task.sleep(for: .milliseconds(200))
                group.addTask { try await database.run() }
                _ = try await group.next()
                group.cancelAll()
            }
            let warnings = log.lines.current.filter { ["warning", "error", "critical"].contains($0.split(separator: " ").first ?? "") }
            #expect(warnings.isEmpty, "\(warnings)")
        }
    }
}
