import PTRCore
import PTRStorage
import SQLKit

/// The only place that speaks SQL for the PIPE queues and statuses (model of spec §2.2).
struct PipeQueueStore: Sendable {
    let database: Database

    static let migrations = [
        Migration(version: 1, name: "pipe queues, items and statuses") { backend in
            let sequence = backend == .postgres ? "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT"
            return [
                "CREATE TABLE pipe_queues (queue_name TEXT PRIMARY KEY, created_at BIGINT NOT NULL)",
                """
                CREATE TABLE pipe_queue_items (
                    seq \(sequence),
                    queue_name TEXT NOT NULL REFERENCES pipe_queues (queue_name) ON DELETE CASCADE,
                    id TEXT NOT NULL UNIQUE, payload TEXT NOT NULL, created_at BIGINT NOT NULL, sender TEXT NOT NULL)
                """,
                "CREATE INDEX pipe_queue_items_by_queue ON pipe_queue_items (queue_name, seq)",
                "CREATE TABLE pipe_status (pipe_id TEXT PRIMARY KEY, status TEXT NOT NULL, last_updated BIGINT NOT NULL, details TEXT NOT NULL)",
            ]
        },
        // Peek and dequeue answer the stored item text as it is instead of rebuilding it from
        // columns (see `StoredJSON`). Items already waiting get theirs built by the database: the
        // same values, though Postgres' text of them has spaces after ':' and ','.
        Migration(version: 2, name: "pipe queue items keep their whole JSON") { backend in
            let build = backend == .postgres
                ? "json_build_object('id', id, 'queue_name', queue_name, 'payload', payload::json, 'created_at', created_at, 'sender', sender::json)::text"
                : "json_object('id', id, 'queue_name', queue_name, 'payload', json(payload), 'created_at', created_at, 'sender', json(sender))"
            return [
                "ALTER TABLE pipe_queue_items ADD COLUMN item TEXT NOT NULL DEFAULT ''",
                "UPDATE pipe_queue_items SET item = \(build)",
                "ALTER TABLE pipe_queue_items DROP COLUMN payload",
                "ALTER TABLE pipe_queue_items DROP COLUMN sender",
            ]
        },
    ]

    enum DequeueResult: Sendable {
        case item(StoredJSON)
        case empty
        case noQueue
    }

    /// Creates the queue unless it exists; true when this call created it.
    func createQueue(named name: String) async throws -> Bool {
        try await database.withConnection { sql in
            try await sql.raw("""
                INSERT INTO pipe_queues (queue_name, created_at) VALUES (\(bind: name), \(bind: unixMilliseconds()))
                ON CONFLICT (queue_name) DO NOTHING RETURNING queue_name
                """).first() != nil
        }
    }

    /// Appends the item and returns it as stored; nil when its queue does not exist. One statement:
    /// on Postgres the queue row is share-locked, so a concurrent delete either runs first (and
    /// this fails with "no queue") or waits and removes the item with its queue — never an orphan item.
    func enqueue(_ item: QueueItem) async throws -> StoredJSON? {
        let document = StoredJSON(item.json)
        let stored = try await database.write(Enqueue(item: item, text: document.text))
        return stored.isEmpty ? nil : document
    }

    /// Up to `limit` items, oldest first; nil when the queue does not exist. One query: the queue
    /// row joined to its items, so an existing empty queue gives one row of nulls and a missing one none.
    func peek(queue name: String, limit: Int) async throws -> [StoredJSON]? {
        let items = try await database.read(Peek(queueName: name, limit: limit))
        guard let first = items.first else { return nil }
        guard first != nil else { return [] }
        return items.compactMap { $0.map(StoredJSON.init) }
    }

    /// Removes and returns the oldest item in one statement, so each item goes to exactly one
    /// caller. On Postgres `SKIP LOCKED` lets concurrent dequeuers take the next items instead of
    /// queueing behind the first; SQLite runs one writer at a time.
    func dequeue(queue name: String) async throws -> DequeueResult {
        try await database.withConnection { connection in
            if let item = try await connection.run(Dequeue(queueName: name)).first { return .item(item) }
            return try await Self.queueExists(name, connection) ? .empty : .noQueue
        }
    }

    /// Deletes the queue and all its items (one statement, items by cascade); false when absent.
    func deleteQueue(named name: String) async throws -> Bool {
        try await database.withConnection { sql in
            try await sql.raw("DELETE FROM pipe_queues WHERE queue_name = \(bind: name) RETURNING queue_name").first() != nil
        }
    }

    /// Every queue with its true number of items.
    func itemCounts() async throws -> [(queueName: String, count: Int)] {
        try await database.read { sql in
            try await sql.raw("""
                SELECT q.queue_name AS queue_name, COUNT(i.seq) AS item_count
                FROM pipe_queues q LEFT JOIN pipe_queue_items i ON i.queue_name = q.queue_name
                GROUP BY q.queue_name ORDER BY q.queue_name
                """).all().map { (try $0.decode(column: "queue_name", as: String.self), try $0.decode(column: "item_count", as: Int.self)) }
        }
    }

    /// Replaces the machine's status record wholesale (last writer wins).
    func setStatus(_ status: PipeStatus) async throws {
        try await database.withConnection { sql in
            try await sql.raw("""
                INSERT INTO pipe_status (pipe_id, status, last_updated, details)
                VALUES (\(bind: status.pipeID), \(bind: status.status.jsonText), \(bind: status.lastUpdated), \(bind: status.details.jsonText))
                ON CONFLICT (pipe_id) DO UPDATE SET status = excluded.status, last_updated = excluded.last_updated, details = excluded.details
                """).run()
        }
    }

    func status(of pipeID: String) async throws -> PipeStatus? {
        try await database.read { sql in
            try await sql.raw("SELECT pipe_id, status, last_updated, details FROM pipe_status WHERE pipe_id = \(bind: pipeID)")
                .first().map(Self.status(from:))
        }
    }

    func allStatuses() async throws -> [PipeStatus] {
        try await database.read { sql in
            try await sql.raw("SELECT pipe_id, status, last_updated, details FROM pipe_status ORDER BY pipe_id").all().map(Self.status(from:))
        }
    }

    func deleteStatus(of pipeID: String) async throws {
        try await database.withConnection { sql in
            try await sql.raw("DELETE FROM pipe_status WHERE pipe_id = \(bind: pipeID)").run()
        }
    }

    // MARK: Rows

    private static func queueExists(_ name: String, _ sql: any SQLDatabase) async throws -> Bool {
        try await sql.raw("SELECT 1 AS present FROM pipe_queues WHERE queue_name = \(bind: name)").first() != nil
    }

    private static func status(from row: any SQLRow) throws -> PipeStatus {
        PipeStatus(
            pipeID: try row.decode(column: "pipe_id", as: String.self),
            status: try JSONValue.parse(row.decode(column: "status", as: String.self)),
            lastUpdated: try row.decode(column: "last_updated", as: Int64.self),
            details: try JSONValue.parse(row.decode(column: "details", as: String.self))
        )
    }
}

/// The peek (prepared on Postgres): one row per item, or one row with a NULL item for an empty queue.
private struct Peek: PreparedRead {
    static let sql = """
        SELECT i.item FROM pipe_queues q LEFT JOIN pipe_queue_items i ON i.queue_name = q.queue_name
        WHERE q.queue_name = $1 ORDER BY i.seq LIMIT $2
        """
    let queueName: String
    let limit: Int
    var parameters: [StatementValue] { [.text(queueName), .integer(Int64(limit))] }
    static func row(from columns: StatementColumns) throws -> String? { try columns.text(0) }
}

/// The enqueue (prepared on Postgres): one row when its queue exists. The casts type the values,
/// which a SELECT list does not (Postgres would take them for text).
private struct Enqueue: RowlessWrite {
    static let sql = """
        WITH queue AS (SELECT queue_name FROM pipe_queues WHERE queue_name = $1)
        INSERT INTO pipe_queue_items (queue_name, id, item, created_at)
        SELECT queue_name, CAST($2 AS TEXT), CAST($3 AS TEXT), CAST($4 AS BIGINT) FROM queue RETURNING seq
        """
    static let postgresSQL = sql.replacingOccurrences(of: "WHERE queue_name = $1)", with: "WHERE queue_name = $1 FOR SHARE)")
    let item: QueueItem
    let text: String
    var parameters: [StatementValue] { [.text(item.queueName), .text(item.id), .text(text), .integer(item.createdAt)] }
}

/// The dequeue (prepared on Postgres): the oldest item, removed.
private struct Dequeue: PreparedWrite, DocumentRows {
    static let sql = """
        DELETE FROM pipe_queue_items WHERE seq = (
            SELECT seq FROM pipe_queue_items WHERE queue_name = $1 ORDER BY seq LIMIT 1)
        RETURNING item
        """
    static let postgresSQL = sql.replacingOccurrences(of: "LIMIT 1)", with: "LIMIT 1 FOR UPDATE SKIP LOCKED)")
    let queueName: String
    var parameters: [StatementValue] { [.text(queueName)] }
}
