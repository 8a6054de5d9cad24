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
import SQLiteNIO
import ServiceLifecycle
import Synchronization
import _ConnectionPoolModule

/// Which SQL engine a `Database` talks to; stores use it where the two dialects differ.
public enum SQLBackend: String, Sendable, CaseIterable {
    case sqlite, postgres
}

/// A pooled SQL database, SQLite (the embedded default) or PostgreSQL, chosen by `PTR_DATABASE_URL`.
///
/// Stores reach it only through `read`, `withConnection` and `transaction`, which hand them a
/// `DatabaseConnection`: SQLKit's one SQL layer over both engines, plus prepared statements. It is
/// a `Service`: the application's service group runs it (the Postgres pool needs a running task)
/// and closes it on shutdown.
///
/// Every call waits at most `connectionTimeout` for a connection, then throws `DatabaseUnavailable`
/// (the request answers 503), and a call whose wait ran out never starts its statements later. A
/// connection that fails under a call (the server went away) is `DatabaseUnavailable` too.
public final class Database: Service, Sendable {
    public let backend: SQLBackend
    let engine: Engine
    let logger: Logger
    let connectionTimeout: Duration
    private let migrated = Mutex(false)
    /// Set as `run()` starts the Postgres pool; no lease is handed to the pool before (see `lease`).
    private let poolRunning = Atomic(false)

    /// Connections of one process to Postgres (postgres-nio's default is 20). Each runs one query
    /// at a time; beyond a few per core, more backends only contend for the same CPUs. Measured
    /// with get-project at 64 clients, Postgres on the same 2 cores: 20 connections 4,000–4,300
    /// req/s, 12 about 5,000, 8 about 5,100, 6 about 4,400. More throughput comes from replicas.
    public static let defaultPoolSize = 8
    public static let defaultConnectionTimeout: Duration = .seconds(3)

    enum Engine: Sendable {
        case sqlite(SQLitePool)
        case postgres(PostgresClient, LeaseDeadlines)
    }

    public init(
        _ location: DatabaseLocation, connectionTimeout: Duration = defaultConnectionTimeout,
        poolSize: Int = defaultPoolSize, logger: Logger
    ) throws {
        self.logger = logger
        self.connectionTimeout = connectionTimeout
        switch location {
        case .sqlite(let path):
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            backend = .sqlite
            engine = .sqlite(SQLitePool(path: path, requestTimeout: connectionTimeout, logger: logger))
        case .postgres(let url):
            backend = .postgres
            var configuration = try PostgresClient.Configuration(url: url)
            configuration.options.maximumConnections = poolSize
            engine = .postgres(PostgresClient(configuration: configuration, backgroundLogger: logger),
                               LeaseDeadlines(checkingEvery: LeaseDeadlines.tick(for: connectionTimeout)))
        }
    }

    /// The database configured for `configuration`'s service.
    public convenience init(_ configuration: ServiceConfiguration, logger: Logger) throws {
        try self.init(configuration.database, connectionTimeout: configuration.databaseTimeout,
                      poolSize: configuration.databasePoolSize, logger: logger)
    }

    /// Runs `body` on one pooled connection (no transaction); on SQLite the one writer connection.
    public func withConnection<T: Sendable>(_ body: @escaping @Sendable (DatabaseConnection) async throws -> T) async throws -> T {
        try await lease(forReading: false, body)
    }

    /// Runs `body`, which only reads, on a connection for reading. On SQLite that is one of several
    /// reader connections, which run beside each other and beside the writer (WAL), and refuse
    /// writes; on Postgres any pooled connection. It sees every write committed before the call.
    public func read<T: Sendable>(_ body: @escaping @Sendable (DatabaseConnection) async throws -> T) async throws -> T {
        try await lease(forReading: true, body)
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    /// On SQLite the transaction is `BEGIN IMMEDIATE`, so it holds the write lock from the start and
    /// two writers never deadlock upgrading a read lock.
    public func transaction<T: Sendable>(_ body: @escaping @Sendable (DatabaseConnection) async throws -> T) async throws -> T {
        let begin: SQLQueryString = backend == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN"
        return try await lease(forReading: false) { connection in
            try await connection.raw(begin).run()
            do {
                let result = try await body(connection)
                try await connection.raw("COMMIT").run()
                return result
            } catch {
                try? await connection.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    /// True when this process has applied the migrations and a trivial query answers (`/ready`).
    public func isReady() async -> Bool {
        guard hasSchema else { return false }
        return await answers()
    }

    /// True when a trivial query answers: the readiness of a database whose schema another service owns.
    public func answers() async -> Bool {
        (try? await read { sql in try await sql.raw("SELECT 1").run() }) != nil
    }

    /// True once `migrate` has succeeded in this process.
    public var hasSchema: Bool { migrated.withLock { $0 } }

    func markMigrated() { migrated.withLock { $0 = true } }

    public func run() async throws {
        switch engine {
        case .postgres(let client, let deadlines):
            // The pool's `run()` marks it running in its first statement, right after this one.
            poolRunning.store(true, ordering: .releasing)
            await withDiscardingTaskGroup { group in
                group.addTask { await deadlines.run() }
                await client.run()
                group.cancelAll()
            }
        case .sqlite(let pool):
            try? await gracefulShutdown()
            try await pool.close()
        }
    }

    // MARK: Leasing connections

    /// The one way to a connection: bounded wait, and failures of the connection itself reported
    /// as `DatabaseUnavailable`. Errors that `body` throws for its own reasons pass unchanged.
    private func lease<T: Sendable>(forReading: Bool, _ body: @escaping @Sendable (DatabaseConnection) async throws -> T) async throws -> T {
        do {
            switch engine {
            case .sqlite(let pool):
                // The pool's own request timeout bounds the wait: a request that timed out is
                // removed from its queue, so it never runs later.
                let run: @Sendable (SQLiteConnection) async throws -> T = { connection in
                    try await body(DatabaseConnection(.sqlite(connection)))
                }
                return try await forReading ? pool.withReader(run) : pool.withConnection(run)
            case .postgres(let client, let deadlines):
                return try await deadlines.lease(within: connectionTimeout) { start in
                    // A lease asked for before the pool runs (the service group starts the pool and
                    // the migrations together) waits here: the pool would queue it with a warning.
                    while !self.poolRunning.load(ordering: .acquiring) { try await Task.sleep(for: .milliseconds(5)) }
                    return try await client.withConnection { connection in
                        try start()
                        return try await body(DatabaseConnection(.postgres(connection)))
                    }
                }
            }
        } catch {
            throw DatabaseUnavailable(diagnosing: error) ?? error
        }
    }
}

/// The database did not answer in time, or went away under a call: the request answers 503 and
/// may be retried.
public struct DatabaseUnavailable: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }

    /// `error` as an unavailable database when it says the connection could not be had or was lost;
    /// nil for every other error (a constraint, a bug, a caller's own failure).
    init?(diagnosing error: any Error) {
        switch error {
        case let unavailable as DatabaseUnavailable:
            self = unavailable
        case ConnectionPoolTimeoutError.connectionRequestTimeout:
            self = .noConnectionInTime
        case let error as _ConnectionPoolModule.ConnectionPoolError where error == .connectionCreationCircuitBreakerTripped:
            self.init("the database cannot be reached")
        case let error as PSQLError:
            switch error.code {
            case .connectionError, .serverClosedConnection, .uncleanShutdown, .clientClosedConnection, .poolClosed:
                self.init("the database connection was lost")
            case .server:
                // Class 57 (operator intervention: shutdown, cannot connect now) and 08 (connection exception).
                let state = error.serverInfo?[.sqlState] ?? ""
                guard state.hasPrefix("57") || state.hasPrefix("08") else { return nil }
                self.init("the database is shutting down or starting")
            default:
                return nil
            }
        default:
            return nil
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
    }
}

extension SQLBackend {
    /// The collation clause for text columns compared byte-wise (ISO times, ULIDs, DynamoDB-style
    /// keys): SQLite's default BINARY collation already is; PostgreSQL needs "C".
    public var bytewiseCollation: String { self == .postgres ? #" COLLATE "C""# : "" }
}
