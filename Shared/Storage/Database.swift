import AsyncKit
import Foundation
import Logging
import NIOCore
import NIOPosix
import PTRCore
import PostgresKit
import PostgresNIO
import SQLKit
import SQLiteKit
import ServiceLifecycle

/// Which SQL engine a `Database` talks to; stores use it where the two dialects differ.
public enum SQLBackend: String, Sendable, CaseIterable {
    case sqlite, postgres
}

/// A pooled SQL database, SQLite (the embedded default) or PostgreSQL, chosen by `PTR_DATABASE_URL`.
///
/// Stores reach it only through `read`, `withConnection` and `transaction`, which hand them an SQLKit
/// `SQLDatabase`: one SQL layer over both engines. It is a `Service`: the application's service
/// group runs it (the Postgres pool needs a running task) and closes it on shutdown.
public final class Database: Service, Sendable {
    public let backend: SQLBackend
    let engine: Engine
    let logger: Logger

    /// Connections of one process to Postgres (postgres-nio's default is 20). Each runs one query
    /// at a time; beyond a few per core, more backends only contend for the same CPUs. Measured
    /// with get-project at 64 clients, Postgres on the same 2 cores: 20 connections 4,000–4,300
    /// req/s, 12 about 5,000, 8 about 5,100, 6 about 4,400. More throughput comes from replicas.
    static let postgresConnections = 8

    enum Engine: Sendable {
        case sqlite(SQLitePool)
        case postgres(PostgresClient)
    }

    public init(_ location: DatabaseLocation, logger: Logger) throws {
        self.logger = logger
        switch location {
        case .sqlite(let path):
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            backend = .sqlite
            engine = .sqlite(SQLitePool(path: path, logger: logger))
        case .postgres(let url):
            backend = .postgres
            // The pool warns when a lease comes before `run()` starts, which the service group's
            // concurrent start makes routine (migrations run as the pool comes up); keep errors only.
            var poolLogger = logger
            poolLogger.logLevel = max(logger.logLevel, .error)
            engine = .postgres(PostgresClient(configuration: try PostgresClient.Configuration(url: url), backgroundLogger: poolLogger))
        }
    }

    /// Runs `body` on one pooled connection (no transaction); on SQLite the one writer connection.
    public func withConnection<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        switch engine {
        case .sqlite(let pool):
            return try await pool.withConnection { connection in try await body(connection.sql()) }
        case .postgres(let client):
            return try await client.withConnection { connection in try await body(connection.sql()) }
        }
    }

    /// Runs `body`, which only reads, on a connection for reading. On SQLite that is one of several
    /// reader connections, which run beside each other and beside the writer (WAL), and refuse
    /// writes; on Postgres any pooled connection. It sees every write committed before the call.
    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        switch engine {
        case .sqlite(let pool):
            return try await pool.withReader { connection in try await body(connection.sql()) }
        case .postgres(let client):
            return try await client.withConnection { connection in try await body(connection.sql()) }
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    /// On SQLite the transaction is `BEGIN IMMEDIATE`, so it holds the write lock from the start and
    /// two writers never deadlock upgrading a read lock.
    public func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        switch engine {
        case .sqlite(let pool):
            return try await pool.withConnection { connection in
                let sql = connection.sql()
                try await sql.raw("BEGIN IMMEDIATE").run()
                do {
                    let result = try await body(sql)
                    try await sql.raw("COMMIT").run()
                    return result
                } catch {
                    try? await sql.raw("ROLLBACK").run()
                    throw error
                }
            }
        case .postgres(let client):
            do {
                return try await client.withTransaction(logger: logger) { connection in try await body(connection.sql()) }
            } catch let error as PostgresTransactionError {
                // Callers throw their own errors (an HTTP failure, a conflict) out of the body:
                // hand those back as they were, not wrapped.
                throw error.closureError ?? error.beginError ?? error.commitError ?? error
            }
        }
    }

    /// True when a trivial query answers within `timeout` (the `/ready` check).
    public func isReachable(timeout: Duration = .seconds(2)) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                (try? await self.withConnection { sql in try await sql.raw("SELECT 1").run() }) != nil
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    public func run() async throws {
        switch engine {
        case .postgres(let client):
            await client.run()
        case .sqlite(let pool):
            try? await gracefulShutdown()
            try await pool.close()
        }
    }
}

extension PostgresClient.Configuration {
    /// Reads `postgres://user:pass@host:port/db[?sslmode=disable|prefer|require]`.
    init(url: String) throws {
        guard let components = URLComponents(string: url), let host = components.host else {
            throw ConfigurationError(variable: "PTR_DATABASE_URL", expected: "postgres://user:pass@host:port/db", value: url)
        }
        let sslMode = components.queryItems?.first { $0.name == "sslmode" }?.value ?? "disable"
        let tls: PostgresClient.Configuration.TLS
        switch sslMode {
        case "disable": tls = .disable
        case "prefer": tls = .prefer(.makeClientConfiguration())
        case "require": tls = .require(.makeClientConfiguration())
        default:
            throw ConfigurationError(variable: "PTR_DATABASE_URL", expected: "sslmode disable, prefer or require", value: sslMode)
        }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        self.init(
            host: host,
            port: components.port ?? 5432,
            username: components.user ?? "postgres",
            password: components.password,
            database: database.isEmpty ? nil : database,
            tls: tls
        )
        options.maximumConnections = Database.postgresConnections
    }
}

extension SQLBackend {
    /// The collation clause for text columns compared byte-wise (ISO times, ULIDs, DynamoDB-style
    /// keys): SQLite's default BINARY collation already is; PostgreSQL needs "C".
    public var bytewiseCollation: String { self == .postgres ? #" COLLATE "C""# : "" }
}
