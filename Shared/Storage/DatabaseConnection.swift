import Logging
import NIOCore
import PostgresKit
import PostgresNIO
import SQLKit
import SQLiteKit
import SQLiteNIO

/// One leased connection, as `Database` hands it to a store: an SQLKit database for statements
/// built per call, and `run` for the prepared statements of the hot paths.
public struct DatabaseConnection: SQLDatabase {
    enum Engine: Sendable {
        case sqlite(SQLiteConnection)
        case postgres(PostgresConnection)
    }

    let engine: Engine
    let sql: any SQLDatabase

    init(_ engine: Engine) {
        self.engine = engine
        switch engine {
        case .sqlite(let connection): sql = connection.sql()
        case .postgres(let connection): sql = connection.sql()
        }
    }

    // MARK: SQLDatabase, by the engine's own SQLKit database

    public var logger: Logger { sql.logger }
    public var eventLoop: any EventLoop { sql.eventLoop }
    public var version: (any SQLDatabaseReportedVersion)? { sql.version }
    public var dialect: any SQLDialect { sql.dialect }
    public var queryLogLevel: Logger.Level? { sql.queryLogLevel }

    public func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        sql.execute(sql: query, onRow)
    }

    public func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await sql.execute(sql: query, onRow)
    }

    public func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await closure(self)
    }
}
