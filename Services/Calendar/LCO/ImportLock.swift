import Foundation
import PTRStorage
import SQLKit

/// Makes one LCO import run at a time across every replica on one database (§5.6): a session
/// advisory lock on PostgreSQL, an expiring lease row on SQLite.
struct ImportLock: Sendable {
    let database: Database

    static let advisoryKey: Int64 = 0x5054_5243_414C_4C43  // "PTRCALLC"
    /// A crashed holder's SQLite lease lapses after this.
    static let leaseMilliseconds: Int64 = 10 * 60 * 1000

    /// Runs `body` holding the lock; nil when it stayed taken for `wait` (zero: one try).
    func run<T: Sendable>(waitingUpTo wait: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T? {
        let deadline = ContinuousClock.now + wait
        switch database.backend {
        case .postgres:
            return try await database.withConnection { sql in
                while try await !Self.tryAdvisoryLock(sql) {
                    guard ContinuousClock.now < deadline else { return nil }
                    try await Task.sleep(for: .milliseconds(100))
                }
                do {
                    let result = try await body()
                    try await sql.raw("SELECT pg_advisory_unlock(\(bind: Self.advisoryKey))").run()
                    return result
                } catch {
                    try? await sql.raw("SELECT pg_advisory_unlock(\(bind: Self.advisoryKey))").run()
                    throw error
                }
            }
        case .sqlite:
            let holder = UUID().uuidString
            while try await !takeLease(holder) {
                guard ContinuousClock.now < deadline else { return nil }
                try await Task.sleep(for: .milliseconds(100))
            }
            do {
                let result = try await body()
                try await releaseLease(holder)
                return result
            } catch {
                try? await releaseLease(holder)
                throw error
            }
        }
    }

    private static func tryAdvisoryLock(_ sql: any SQLDatabase) async throws -> Bool {
        try await sql.raw("SELECT pg_try_advisory_lock(\(bind: advisoryKey)) AS locked").first()?.decode(column: "locked", as: Bool.self) ?? false
    }

    private func takeLease(_ holder: String) async throws -> Bool {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        return try await database.withConnection { sql in
            try await sql.raw("""
                INSERT INTO calendar_import_lease (name, holder, expires_at) VALUES ('lco', \(bind: holder), \(bind: now + Self.leaseMilliseconds))
                ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                WHERE calendar_import_lease.expires_at < \(bind: now)
                RETURNING holder
                """).first() != nil
        }
    }

    private func releaseLease(_ holder: String) async throws {
        try await database.withConnection { sql in
            try await sql.raw("DELETE FROM calendar_import_lease WHERE name = 'lco' AND holder = \(bind: holder)").run()
        }
    }
}
