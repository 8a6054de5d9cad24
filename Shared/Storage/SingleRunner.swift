import Foundation
import SQLKit

/// Background work that must run on one replica at a time (the LCO import, expiry sweeps): `run`
/// does its body only where no other replica — no other process on the same database, nor another
/// task of this one — is running work of the same name. On PostgreSQL a session advisory lock
/// (keyed by the name) held on one pooled connection for the duration; on SQLite an expiring lease
/// row in `ptr_run_leases` (created by `migrate`), so that a crashed holder blocks no one for longer
/// than `lease`.
public struct SingleRunner: Sendable {
    public let database: Database
    public let name: String
    /// SQLite: how long a holder keeps the work to itself; a run should end well within it.
    public let lease: Duration

    /// The first key of the two-key advisory locks ("PTRR"), so that they never meet other locks.
    static let advisoryNamespace: Int32 = 0x5054_5252
    static let retryInterval: Duration = .milliseconds(100)

    public init(database: Database, name: String, lease: Duration = .seconds(600)) {
        self.database = database
        self.name = name
        self.lease = lease
    }

    /// Runs `body` as the only runner of this work; nil when another runner held it for all of
    /// `wait` (zero: one try, the way a timer skips a round).
    public func run<T: Sendable>(waitingUpTo wait: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T? {
        let deadline = ContinuousClock.now + wait
        switch database.backend {
        case .postgres:
            return try await database.withConnection { sql in
                while try await !tryAdvisoryLock(sql) {
                    guard ContinuousClock.now < deadline else { return nil }
                    try await Task.sleep(for: Self.retryInterval)
                }
                return try await Self.finally(body) {
                    try await sql.raw("SELECT pg_advisory_unlock(\(bind: Self.advisoryNamespace), hashtext(\(bind: name)))").run()
                }
            }
        case .sqlite:
            let holder = UUID().uuidString
            while try await !takeLease(holder) {
                guard ContinuousClock.now < deadline else { return nil }
                try await Task.sleep(for: Self.retryInterval)
            }
            return try await Self.finally(body) { try await releaseLease(holder) }
        }
    }

    /// `body`'s result or error, after `release` (whose own failure is thrown only when `body` succeeded).
    private static func finally<T: Sendable>(_ body: () async throws -> T, release: () async throws -> Void) async throws -> T {
        let result: T
        do {
            result = try await body()
        } catch {
            try? await release()
            throw error
        }
        try await release()
        return result
    }

    private func tryAdvisoryLock(_ sql: any SQLDatabase) async throws -> Bool {
        try await sql.raw("SELECT pg_try_advisory_lock(\(bind: Self.advisoryNamespace), hashtext(\(bind: name))) AS locked")
            .first()?.decode(column: "locked", as: Bool.self) ?? false
    }

    private func takeLease(_ holder: String) async throws -> Bool {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let expiresAt = now + lease.components.seconds * 1000 + lease.components.attoseconds / 1_000_000_000_000_000
        return try await database.withConnection { sql in
            try await sql.raw("""
                INSERT INTO ptr_run_leases (name, holder, expires_at) VALUES (\(bind: name), \(bind: holder), \(bind: expiresAt))
                ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                WHERE ptr_run_leases.expires_at < \(bind: now)
                RETURNING holder
                """).first() != nil
        }
    }

    private func releaseLease(_ holder: String) async throws {
        try await database.withConnection { sql in
            try await sql.raw("DELETE FROM ptr_run_leases WHERE name = \(bind: name) AND holder = \(bind: holder)").run()
        }
    }
}
