import Foundation
import SQLKit

/// One versioned schema change of a service. Statements may differ per engine (types, identity
/// columns), so they are produced for the backend being migrated.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    public let statements: @Sendable (SQLBackend) -> [String]

    public init(version: Int, name: String, statements: @escaping @Sendable (SQLBackend) -> [String]) {
        self.version = version
        self.name = name
        self.statements = statements
    }
}

extension Database {
    /// Applies the migrations of `service` that have not run yet, in version order, in one
    /// transaction, after creating the shared bookkeeping tables where missing. Safe when several replicas start at once: on Postgres a transaction-scoped
    /// advisory lock serialises them, on SQLite the immediate transaction does.
    public func migrate(service: String, _ migrations: [Migration]) async throws {
        let backend = self.backend
        try await transaction { sql in
            if backend == .postgres {
                try await sql.raw("SELECT pg_advisory_xact_lock(\(literal: Self.migrationLockKey))").run()
            }
            try await sql.raw("""
                CREATE TABLE IF NOT EXISTS ptr_schema_migrations (
                    service TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, applied_at BIGINT NOT NULL,
                    PRIMARY KEY (service, version))
                """).run()
            if backend == .sqlite {
                // `SingleRunner`'s leases (on PostgreSQL it takes advisory locks).
                try await sql.raw("""
                    CREATE TABLE IF NOT EXISTS ptr_run_leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at BIGINT NOT NULL)
                    """).run()
            }
            let applied = try await sql.raw("SELECT version FROM ptr_schema_migrations WHERE service = \(bind: service)")
                .all().map { try $0.decode(column: "version", as: Int.self) }
            for migration in migrations.sorted(by: { $0.version < $1.version }) where !applied.contains(migration.version) {
                for statement in migration.statements(backend) {
                    try await sql.raw(SQLQueryString(statement)).run()
                }
                try await sql.raw("""
                    INSERT INTO ptr_schema_migrations (service, version, name, applied_at)
                    VALUES (\(bind: service), \(bind: migration.version), \(bind: migration.name), \(bind: Int64(Date().timeIntervalSince1970)))
                    """).run()
            }
        }
        markMigrated()
    }

    /// Arbitrary constant shared by every service's migrator ("PTRMIGR" in ASCII).
    static let migrationLockKey: Int64 = 0x5054_524D_4947_52
}
