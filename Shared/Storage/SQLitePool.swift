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
    /// A thread of its own: a statement waiting on another process's lock blocks its thread for
    /// up to the busy timeout, and must not starve the shared pool (or the lock holder) meanwhile.
    private let thread: NIOThreadPool

    init(path: String, logger: Logger) {
        thread = NIOThreadPool(numberOfThreads: 1)
        thread.start()
        pool = EventLoopConnectionPool(
            source: SQLiteFileSource(path: path, thread: thread),
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
        try await thread.shutdownGracefully()
    }
}

/// Opens the database file with the settings every connection needs.
struct SQLiteFileSource: ConnectionPoolSource {
    let path: String
    let thread: NIOThreadPool

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        eventLoop.makeFutureWithTask {
            let connection = try await SQLiteConnection.open(storage: .file(path: path), threadPool: thread, logger: logger, on: eventLoop).get()
            try await Self.enableWriteAheadLog(connection)
            _ = try await connection.query("PRAGMA busy_timeout = 30000")
            _ = try await connection.query("PRAGMA synchronous = NORMAL")
            _ = try await connection.query("PRAGMA foreign_keys = ON")
            return connection
        }
    }

    /// Switching a new file to WAL needs it to itself. Waiting inside SQLite would hold a shared lock
    /// that another process's first transaction is waiting on (a deadlock both sides time out of),
    /// so with no busy timeout yet, a "busy" answer lets go at once and the switch is tried again.
    private static func enableWriteAheadLog(_ connection: SQLiteConnection) async throws {
        for attempt in 1... {
            do {
                _ = try await connection.query("PRAGMA journal_mode = WAL")
                return
            } catch let error as SQLiteError where error.reason == .busy && attempt < 200 {
                try await Task.sleep(for: .milliseconds(25))
            }
        }
    }
}
