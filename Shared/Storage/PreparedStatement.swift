import PTRCore
import PostgresNIO
import SQLiteNIO

/// A statement that a hot route runs on every request, written once for both engines.
///
/// On Postgres it runs as a prepared statement: parsed and planned once per connection instead of
/// on every call. Measured with pgbench on get-project's query (2 cores, 16 clients): 16,000 tps
/// planned each time, 48,700 prepared. On SQLite it runs as it is.
///
/// The SQL names its parameters `$1`, `$2`, … in the order they first appear: Postgres reads them
/// by number, SQLite numbers `$`-named parameters in order of first appearance, so both bind
/// `parameters` the same way. Columns are read by position, in the order the SQL selects them.
public protocol PreparedStatement: Sendable {
    associatedtype Row: Sendable
    static var sql: String { get }
    /// The text on Postgres, where it differs: row locks (`FOR UPDATE`, `SKIP LOCKED`), which SQLite
    /// neither has nor needs with its one writer. `sql` by default.
    static var postgresSQL: String { get }
    var parameters: [StatementValue] { get }
    static func row(from columns: StatementColumns) throws -> Row
}

extension PreparedStatement {
    public static var postgresSQL: String { sql }
}

/// A statement that only reads: `Database.read` runs it on a connection for reading.
public protocol PreparedRead: PreparedStatement {}

/// A statement that writes: `Database.write` runs it alone, `DatabaseConnection.run` inside a transaction.
public protocol PreparedWrite: PreparedStatement {}

/// A statement whose rows are each one stored JSON document, its only column.
public protocol DocumentRows: PreparedStatement where Row == StoredJSON {}

extension DocumentRows {
    public static func row(from columns: StatementColumns) throws -> StoredJSON {
        StoredJSON(try columns.requiredText(0))
    }
}

/// A read whose rows are each one stored JSON document.
public protocol DocumentRead: PreparedRead, DocumentRows {}

/// A write whose rows' contents are not read: none (an INSERT or UPDATE), or rows only counted.
public protocol RowlessWrite: PreparedWrite where Row == Void {}

extension RowlessWrite {
    public static func row(from columns: StatementColumns) throws {}
}

/// A parameter of a prepared statement.
public enum StatementValue: Sendable, Equatable {
    case text(String)
    case integer(Int64)
    case null

    /// The text, or NULL when there is none.
    public static func text(orNull text: String?) -> StatementValue {
        text.map(StatementValue.text) ?? .null
    }

    /// The integer, or NULL when there is none.
    public static func integer(orNull integer: Int64?) -> StatementValue {
        integer.map(StatementValue.integer) ?? .null
    }
}

/// One result row of a prepared statement, read by column position.
public struct StatementColumns {
    enum Storage {
        case postgres(PostgresRandomAccessRow)
        case sqlite(SQLiteRow)
    }

    let storage: Storage

    /// The text in column `index`; nil for NULL.
    public func text(_ index: Int) throws -> String? {
        switch storage {
        case .postgres(let row):
            return try row[index].decode(String?.self)
        case .sqlite(let row):
            let data = row.columns[index].data
            if case .null = data { return nil }
            guard let text = data.string else { throw StatementColumnError(index: index, expected: "text") }
            return text
        }
    }

    /// The text in column `index`, which the query never leaves NULL.
    public func requiredText(_ index: Int) throws -> String {
        guard let text = try text(index) else { throw StatementColumnError(index: index, expected: "text, not NULL") }
        return text
    }
}

public struct StatementColumnError: Error, CustomStringConvertible {
    let index: Int
    let expected: String
    public var description: String { "column \(index) of a prepared statement is not \(expected)" }
}

extension Database {
    /// Runs `query` on a connection for reading (as `read(_:)`) and returns its rows.
    public func read<Query: PreparedRead>(_ query: Query) async throws -> [Query.Row] {
        guard backend == .sqlite else { return try await read { connection in try await connection.run(query) } }
        // Rows are decoded after the connection is handed back, so it is held only for the query.
        let rows = try await read { connection in try await connection.sqliteRows(query) }
        return try rows.map { try Query.row(from: StatementColumns(storage: .sqlite($0))) }
    }

    /// Runs `statement` alone, on the writer connection (SQLite) or any pooled one (Postgres).
    public func write<Statement: PreparedWrite>(_ statement: Statement) async throws -> [Statement.Row] {
        try await withConnection { connection in try await connection.run(statement) }
    }
}

extension DatabaseConnection {
    /// Runs a prepared statement on this connection and returns its rows.
    public func run<Statement: PreparedStatement>(_ statement: Statement) async throws -> [Statement.Row] {
        switch engine {
        case .sqlite:
            return try await sqliteRows(statement).map { try Statement.row(from: StatementColumns(storage: .sqlite($0))) }
        case .postgres(let connection):
            Statement.assertNumbering()
            var rows: [Statement.Row] = []
            for try await row in try await connection.execute(PostgresStatement(statement: statement), logger: logger) {
                rows.append(row)
            }
            return rows
        }
    }

    /// The undecoded rows of `statement` on a SQLite connection.
    fileprivate func sqliteRows<Statement: PreparedStatement>(_ statement: Statement) async throws -> [SQLiteRow] {
        guard case .sqlite(let connection) = engine else { preconditionFailure("a SQLite statement on a Postgres connection") }
        Statement.assertNumbering()
        let binds = statement.parameters.map { parameter -> SQLiteData in
            switch parameter {
            case .text(let text): .text(text)
            case .integer(let integer): .integer(Int(integer))
            case .null: .null
            }
        }
        return try await connection.query(Statement.sql, binds)
    }
}

extension PreparedStatement {
    /// Debug builds check the numbering rule above for every statement the tests run.
    static func assertNumbering() {
        assert(numbersParametersInOrder(sql) && numbersParametersInOrder(postgresSQL),
               "\(Self.self): parameters must first appear as $1, $2, … in order")
    }
}

/// True when each new `$N` in `sql` is one more than the largest before it (repeats are free):
/// then SQLite's numbering by first appearance is Postgres' numbering by N.
func numbersParametersInOrder(_ sql: String) -> Bool {
    var largest = 0
    for piece in sql.split(separator: "$", omittingEmptySubsequences: false).dropFirst() {
        guard let number = Int(piece.prefix(while: { $0.isASCII && $0.isNumber })) else { continue }
        if number > largest + 1 { return false }
        largest = max(largest, number)
    }
    return true
}

/// postgres-nio's prepared statement for a `PreparedStatement`, prepared once per connection.
private struct PostgresStatement<Statement: PreparedStatement>: PostgresPreparedStatement {
    typealias Row = Statement.Row
    static var sql: String { Statement.postgresSQL }

    /// Named after its SQL (FNV-1a): type names are too long for Postgres, which cuts names at 63
    /// bytes, so two statements could share one.
    static var name: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in sql.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return "ptr_stmt_" + String(hash, radix: 16)
    }
    let statement: Statement

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: statement.parameters.count)
        for parameter in statement.parameters {
            switch parameter {
            case .text(let text): bindings.append(text)
            case .integer(let integer): bindings.append(integer)
            case .null: bindings.appendNull()
            }
        }
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        try Statement.row(from: StatementColumns(storage: .postgres(row.makeRandomAccess())))
    }
}
