import AsyncKit
import Logging
import NIOCore
import NIOPosix
import SQLiteNIO

/// The SQLite side of `Database`: one connection, handed out by async-kit's pool so that a
/// transaction has the connection to itself. One writer per process is what SQLite allows anyway;
/// WAL and a busy timeout let several processes (replicas, tests) share one file.
final class SQLitePool: @unchecked Sendable {
    // The pool confines its state to `eventLoop`; every call below goes through its futures.
    private let pool: EventLoopConnectionPool<SQLiteFileSource>

    init(path: String, logger: Logger) {
        pool = EventLoopConnectionPool(
            source: SQLiteFileSource(path: path),
            maxConnections: 1,
            requestTimeout: .seconds(30),
            pruneInterval: nil,
            logger: logger,
            on: MultiThreadedEventLoopGroup.singleton.any()
        )
    }

    func withConnection<T: Sendable>(_ body: @Sendable (SQLiteConnection) async throws -> T) async throws -> T {
        let connection = try await pool.requestConnection().get()
        defer { pool.releaseConnection(connection) }
        return try await body(connection)
    }

    func close() async throws {
        try await pool.close().get()
    }
}

/// Opens the database file with the settings every connection needs.
struct SQLiteFileSource: ConnectionPoolSource {
    let path: String

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        SQLiteConnection.open(storage: .file(path: path), threadPool: .singleton, logger: logger, on: eventLoop)
            .flatMap { connection in
                let settings = ["PRAGMA journal_mode = WAL", "PRAGMA busy_timeout = 10000", "PRAGMA synchronous = NORMAL", "PRAGMA foreign_keys = ON"]
                return settings.reduce(eventLoop.makeSucceededVoidFuture()) { previous, pragma in
                    previous.flatMap { connection.query(pragma).map { _ in } }
                }.map { connection }
            }
    }
}
