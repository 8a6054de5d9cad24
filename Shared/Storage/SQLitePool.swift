import AsyncKit
import Logging
import NIOCore
import NIOPosix
import SQLiteNIO
import Synchronization

/// The SQLite side of `Database`: one writer connection, and a few reader connections beside it.
///
/// SQLite allows one writer at a time, so every write (and every transaction) goes through the one
/// writer connection, handed out by async-kit's pool so that a transaction has it to itself. In
/// WAL mode readers neither wait for the writer nor block it, so reads get connections of their
/// own: with only one connection, reads queued behind each other and behind writes, and a read
/// route could not use both cores. WAL and a busy timeout also let several processes (replicas,
/// tests) share one file.
final class SQLitePool: @unchecked Sendable {
    /// Reader connections. A read holds its connection across several thread hops (to the
    /// connection's thread and back), so connections sit idle much of the time they are held: with
    /// 4, requests queued for one while cores idled; 12 kept both cores busy at 64 clients.
    static let readerCount = 12

    // The pools confine their state to their event loops; every call below goes through their futures.
    private let writer: EventLoopConnectionPool<SQLiteFileSource>
    private let readers: EventLoopConnectionPool<SQLiteFileSource>
    /// Threads of their own, one per connection: a statement waiting on another process's lock
    /// blocks its thread for up to the busy timeout, and must not starve the shared pool (or the
    /// lock holder) meanwhile.
    private let writerThread: NIOThreadPool
    private let readerThreads: NIOThreadPool
    /// Calls between asking for a connection and handing it back (their release is queued on the
    /// pool's event loop before `close` queues its own work there).
    private let callsInFlight = Mutex(0)
    private let opened = OpenedConnections()

    /// - Parameter requestTimeout: how long a caller waits for a connection before it fails.
    init(path: String, requestTimeout: Duration, logger: Logger) {
        writerThread = NIOThreadPool(numberOfThreads: 1)
        readerThreads = NIOThreadPool(numberOfThreads: Self.readerCount)
        writerThread.start()
        readerThreads.start()
        let timeout = TimeAmount(requestTimeout)
        writer = Self.pool(SQLiteFileSource(path: path, thread: writerThread, readOnly: false, opened: opened), size: 1,
                           timeout: timeout, logger: logger)
        readers = Self.pool(SQLiteFileSource(path: path, thread: readerThreads, readOnly: true, opened: opened), size: Self.readerCount,
                            timeout: timeout, logger: logger)
    }

    private static func pool(
        _ source: SQLiteFileSource, size: Int, timeout: TimeAmount, logger: Logger
    ) -> EventLoopConnectionPool<SQLiteFileSource> {
        EventLoopConnectionPool(
            source: source, maxConnections: size, requestTimeout: timeout, pruneInterval: nil, logger: logger,
            on: MultiThreadedEventLoopGroup.singleton.any()
        )
    }

    /// The writer connection, for writes and transactions.
    func withConnection<T: Sendable>(_ body: @Sendable (SQLiteConnection) async throws -> T) async throws -> T {
        try await withConnection(from: writer, body)
    }

    /// A reader connection: it sees every write committed before the call, and refuses writes.
    func withReader<T: Sendable>(_ body: @Sendable (SQLiteConnection) async throws -> T) async throws -> T {
        try await withConnection(from: readers, body)
    }

    private func withConnection<T: Sendable>(
        from pool: EventLoopConnectionPool<SQLiteFileSource>, _ body: @Sendable (SQLiteConnection) async throws -> T
    ) async throws -> T {
        callsInFlight.withLock { $0 += 1 }
        defer { callsInFlight.withLock { $0 -= 1 } }
        let connection = try await pool.requestConnection().get()
        defer { pool.releaseConnection(connection) }
        return try await body(connection)
    }

    /// Closes the connections, then their threads (SQLiteNIO requires every connection closed, and
    /// closing needs its thread). Calls still running are waited for first, so that the pools close
    /// the connections they hand back; then any connection the pools did not close (one async-kit
    /// opened for a waiter that another connection served) is closed here.
    func close() async throws {
        while callsInFlight.withLock({ $0 }) > 0 {
            try? await Task.sleep(for: .milliseconds(5))
        }
        try await readers.close().get()
        try await writer.close().get()
        for connection in await opened.all() where !connection.isClosed {
            try? await connection.close()
        }
        try await readerThreads.shutdownGracefully()
        try await writerThread.shutdownGracefully()
    }
}

/// Opens the database file with the settings every connection needs.
struct SQLiteFileSource: ConnectionPoolSource {
    let path: String
    let thread: NIOThreadPool
    /// Reader connections refuse writes (`query_only`), so a store cannot write through one by mistake.
    let readOnly: Bool
    let opened: OpenedConnections

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        eventLoop.makeFutureWithTask {
            opened.opening()
            defer { opened.done() }
            let connection = try await SQLiteConnection.open(storage: .file(path: path), threadPool: thread, logger: logger, on: eventLoop).get()
            opened.add(connection)
            do {
                try await Self.enableWriteAheadLog(connection)
                _ = try await connection.query("PRAGMA busy_timeout = 30000")
                _ = try await connection.query("PRAGMA synchronous = NORMAL")
                _ = try await connection.query("PRAGMA foreign_keys = ON")
                if readOnly { _ = try await connection.query("PRAGMA query_only = ON") }
                return connection
            } catch {
                // A connection that is not set up is closed, not dropped (SQLiteNIO requires it).
                logger.warning("a SQLite connection could not be set up", metadata: ["error": .string(String(describing: error))])
                try? await connection.close()
                throw error
            }
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

/// The connections a pool's source has opened, and how many it is opening now.
final class OpenedConnections: Sendable {
    private let state = Mutex<(connections: [SQLiteConnection], opening: Int)>(([], 0))

    func opening() { state.withLock { $0.opening += 1 } }
    func done() { state.withLock { $0.opening -= 1 } }
    func add(_ connection: SQLiteConnection) { state.withLock { $0.connections.append(connection) } }

    /// Every connection opened, once none is being opened any more.
    func all() async -> [SQLiteConnection] {
        while state.withLock({ $0.opening }) > 0 {
            try? await Task.sleep(for: .milliseconds(5))
        }
        return state.withLock { $0.connections }
    }
}
