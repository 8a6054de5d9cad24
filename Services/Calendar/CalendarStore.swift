import PTRCore
import PTRStorage
import SQLKit

/// The only place that speaks SQL for reservations and the LCO import's tracking rows
/// (spec/calendar.md §2.2). Time strings are compared byte-wise: SQLite's BINARY collation does
/// it, PostgreSQL needs `COLLATE "C"` on the key columns.
struct CalendarStore: Sendable {
    /// Private: every write is one method here that owns its transaction.
    private let database: Database

    init(database: Database) {
        self.database = database
    }

    static let migrations = [
        Migration(version: 1, name: "calendar events and LCO schedule tracking") { backend in
            let bytewise = backend.bytewiseCollation
            return [
                """
                CREATE TABLE calendar_events (
                    event_id TEXT\(bytewise) NOT NULL, start_at TEXT\(bytewise) NOT NULL, end_at TEXT\(bytewise),
                    site TEXT\(bytewise), creator_id TEXT\(bytewise), origin TEXT, lco_observation_id BIGINT,
                    doc TEXT NOT NULL, PRIMARY KEY (event_id, start_at))
                """,
                "CREATE INDEX calendar_events_site_end ON calendar_events (site, end_at)",
                "CREATE INDEX calendar_events_creator_end ON calendar_events (creator_id, end_at)",
                "CREATE TABLE lco_schedule_tracking (ptr_site TEXT PRIMARY KEY, last_schedule_time TEXT NOT NULL, updated_at TEXT NOT NULL)",
                // SQLite's single-runner lock for the import (PostgreSQL uses an advisory lock).
                "CREATE TABLE calendar_import_lease (name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at BIGINT NOT NULL)",
            ]
        },
        // A site's reads (`siteevents`, `get-event-at-time`) filter on the start and sort on the
        // whole key: with both in the index, SQLite no longer visits the table row of every event
        // ending after the time asked for, nor sorts what it returns.
        Migration(version: 2, name: "site index covers start and event id") { _ in
            [
                "CREATE INDEX calendar_events_site_end_start ON calendar_events (site, end_at, start_at, event_id)",
                "DROP INDEX calendar_events_site_end",
            ]
        },
        // A deleted project is detached from every event pointing at it, found by this copy (§3.10).
        Migration(version: 3, name: "calendar events by project id") { backend in
            let copy = switch backend {
            case .sqlite:
                ["UPDATE calendar_events SET project_id = json_extract(doc, '$.project_id') WHERE json_type(doc, '$.project_id') = 'text'"]
            case .postgres:
                // PostgreSQL's JSON functions refuse a document holding an escaped NUL, which its text
                // cannot hold: it is read as U+FFFD, and an id with U+FFFD from such a document keeps
                // NULL (no project id holds a NUL, see `projectColumn`).
                [
                    """
                    UPDATE calendar_events SET project_id = replace(doc, '\\u0000', '\\ufffd')::json ->> 'project_id'
                    WHERE json_typeof(replace(doc, '\\u0000', '\\ufffd')::json -> 'project_id') = 'string'
                    """,
                    "UPDATE calendar_events SET project_id = NULL WHERE strpos(project_id, U&'\\FFFD') > 0 AND strpos(doc, '\\u0000') > 0",
                ]
            }
            return [
                "ALTER TABLE calendar_events ADD COLUMN project_id TEXT\(backend.bytewiseCollation)",
            ] + copy + [
                // A hash index: a project id (up to 3 KB) may exceed what a B-tree entry holds on PostgreSQL.
                "CREATE INDEX calendar_events_project ON calendar_events\(backend == .postgres ? " USING hash" : "") (project_id)",
            ]
        },
        // The import's lock is the shared SingleRunner now (its own lease table on SQLite).
        Migration(version: 4, name: "drop the import's own lease table") { _ in ["DROP TABLE calendar_import_lease"] },
    ]

    /// The key of an event (DynamoDB's partition and sort key in the original).
    struct Key: Sendable, Hashable {
        let eventID: String
        let start: String

        /// Byte-wise order by `event_id`, then `start`: the primary key's order in both engines.
        func precedes(_ other: Key) -> Bool {
            Array(eventID.utf8) == Array(other.eventID.utf8) ? bytewiseLess(start, other.start) : bytewiseLess(eventID, other.eventID)
        }
    }

    struct StoredEvent: Sendable {
        let key: Key
        let site: String?
        let creatorID: String?
        let document: JSONObject

        init(eventID: String, start: String, site: String?, creatorID: String?, document: String) throws {
            key = Key(eventID: eventID, start: start)
            self.site = site
            self.creatorID = creatorID
            self.document = try JSONValue.parse(document).objectValue ?? [:]
        }
    }

    // MARK: Reads

    /// Events of `site` whose end lies in [start, end], both inclusive (§3.4).
    func events(site: String, endingFrom start: String, to end: String) async throws -> [StoredJSON] {
        try await database.read(EventsEndingBetween(site: site, start: start, end: end))
    }

    /// Events of `site` active at `time`, both ends inclusive (§3.5).
    func events(site: String, activeAt time: String) async throws -> [StoredJSON] {
        try await database.read(EventsActiveAt(site: site, time: time))
    }

    /// A user's events on every site ending at or after `time` (§3.6).
    func events(creatorID: String, endingAtOrAfter time: String) async throws -> [StoredJSON] {
        try await database.read(EventsOfCreator(creatorID: creatorID, time: time))
    }

    // MARK: Writes: each one method, one transaction

    /// What a reservation write did, or why it did not (§3.1–§3.3).
    enum WriteOutcome: Sendable, Equatable {
        case done
        case notFound
        /// The stored event's creator is not someone the caller may act for.
        case notYours
        /// Another creator holds an overlapping reservation at the site (§3.1.1).
        case slotTaken
    }

    /// Creates `event`, or replaces the event with its key when `mayReplace` accepts that one;
    /// refused when the slot is taken. Check and write hold the site's lock (§3.1.1).
    func create(_ event: EventDocument, mayReplace: @escaping @Sendable (StoredEvent) -> Bool) async throws -> WriteOutcome {
        try await database.transaction { connection in
            try await lockSites([event.site], connection)
            if let existing = try await connection.run(EventByKey(key: event.key)).first, !mayReplace(existing) { return .notYours }
            guard try await !hasConflict(with: event, connection) else { return .slotTaken }
            _ = try await connection.run(PutEvent(event: event, lcoObservationID: nil))
            return .done
        }
    }

    /// Replaces the event with `key` by what `replacement` makes of it (which may move it to
    /// another start or site) when `mayChange` accepts the stored event: found (404), allowed
    /// (403), `replacement` (which throws on an invalid new version), free slot (409), in that order.
    func replace(
        _ key: Key, mayChange: @escaping @Sendable (StoredEvent) -> Bool,
        with replacement: @escaping @Sendable (StoredEvent) throws -> EventDocument
    ) async throws -> WriteOutcome {
        // The new version's site is learnt first, so that both sites' locks come before any row lock.
        guard let before = try await database.read({ connection in try await connection.run(EventByKey(key: key)).first }) else { return .notFound }
        guard mayChange(before) else { return .notYours }
        let planned = try replacement(before)
        return try await database.transaction { connection in
            try await lockSites(Set([before.site, planned.site].compactMap { $0 }), connection)
            guard let stored = try await lockedEvents([key, planned.key], connection)[0] else { return .notFound }
            guard mayChange(stored) else { return .notYours }
            // Same key and site as `planned`: both come from the request, not from the stored event.
            let event = try replacement(stored)
            guard try await !hasConflict(with: event, connection) else { return .slotTaken }
            try await deleteEvent(key, connection)
            _ = try await connection.run(PutEvent(event: event, lcoObservationID: nil))
            return .done
        }
    }

    /// Deletes the event with `key` when `mayDelete` accepts what is stored there (nil: nothing).
    func delete(_ key: Key, mayDelete: @escaping @Sendable (StoredEvent?) -> Bool) async throws -> WriteOutcome {
        try await database.transaction { connection in
            guard mayDelete(try await connection.run(EventByKey(key: key)).first) else { return .notYours }
            try await deleteEvent(key, connection)
            return .done
        }
    }

    /// Sets `project_id` on each existing event of `keys`, all or none; whether each existed, in order.
    func attachProject(_ projectID: JSONValue, to keys: [Key]) async throws -> [Bool] {
        try await database.transaction { connection in
            let stored = try await lockedEvents(keys, connection)
            for event in stored.compactMap({ $0 }) {
                var document = event.document
                document["project_id"] = projectID
                try await replaceDocument(of: event.key, with: document, connection)
            }
            return stored.map { $0 != nil }
        }
    }

    /// Sets `project_id` to `"none"` on every event with one of `eventIDs` (§3.10).
    func detachProject(fromEventsWithIDs eventIDs: [String]) async throws {
        try await database.transaction { connection in
            // In key order, as `lockedEvents` takes rows.
            for eventID in eventIDs.sorted(by: bytewiseLess) {
                try await detach(try await connection.raw("""
                    SELECT event_id, start_at, site, creator_id, doc FROM calendar_events
                    WHERE event_id = \(bind: eventID) ORDER BY start_at\(unsafeRaw: rowLock)
                    """).all(), connection)
            }
        }
    }

    /// Sets `project_id` to `"none"` on every event whose `project_id` is `projectID`, found by
    /// that id: the events a deleted project was attached to, listed by it or not (§3.10).
    func detachProject(_ projectID: String) async throws {
        guard !projectID.utf8.contains(0) else { return }
        try await database.transaction { connection in
            try await detach(try await connection.raw("""
                SELECT event_id, start_at, site, creator_id, doc FROM calendar_events
                WHERE project_id = \(bind: projectID) ORDER BY event_id, start_at\(unsafeRaw: rowLock)
                """).all(), connection)
        }
    }

    /// Replaces the LCO events of `site` that have not begun (`start` and `end` after `now`,
    /// byte-wise, §5.5 step 7) by `imported`, under the site's lock; returns the removed documents.
    func replaceUpcomingLCOEvents(site: String, now: String, with imported: [(observationID: Int64, event: EventDocument)]) async throws -> [JSONObject] {
        try await database.transaction { connection in
            try await lockSites([site], connection)
            let removed = try await connection.raw("""
                DELETE FROM calendar_events
                WHERE site = \(bind: site) AND origin = 'LCO' AND end_at > \(bind: now) AND start_at > \(bind: now)
                RETURNING doc
                """).all().compactMap { try JSONValue.parse($0.decode(column: "doc", as: String.self)).objectValue }
            for entry in imported {
                _ = try await connection.run(PutEvent(event: entry.event, lcoObservationID: entry.observationID))
            }
            return removed
        }
    }

    // MARK: Inside a write's transaction

    /// Serialises writers of one site (§3.1.1): on PostgreSQL a transaction-scoped advisory lock
    /// per site; SQLite's `BEGIN IMMEDIATE` already admits one writer at a time.
    private func lockSites(_ sites: Set<String>, _ connection: DatabaseConnection) async throws {
        guard database.backend == .postgres else { return }
        for site in sites.sorted() {
            _ = try await connection.run(LockSite(site: site))
        }
    }

    /// The events with `keys`, in the order given, their rows locked (Postgres) in key order,
    /// byte-wise, whatever order the caller lists them in. Every write that takes several rows
    /// takes them in this one order, so two writes never wait for each other's rows (a deadlock).
    private func lockedEvents(_ keys: [Key], _ connection: DatabaseConnection) async throws -> [StoredEvent?] {
        var events = [StoredEvent?](repeating: nil, count: keys.count)
        for index in keys.indices.sorted(by: { keys[$0].precedes(keys[$1]) }) {
            events[index] = try await connection.run(EventByKey(key: keys[index])).first
        }
        return events
    }

    /// True when another creator holds an event at `event`'s site overlapping its half-open
    /// interval (§3.1.1); events with the same `event_id` never count.
    private func hasConflict(with event: EventDocument, _ connection: DatabaseConnection) async throws -> Bool {
        try await !connection.run(Conflict(event: event)).isEmpty
    }

    private func detach(_ rows: [any SQLRow], _ connection: DatabaseConnection) async throws {
        for event in try rows.map(Self.stored(from:)) {
            var document = event.document
            document["project_id"] = "none"
            try await replaceDocument(of: event.key, with: document, connection)
        }
    }

    /// Rewrites only the document of an existing event and its `project_id` copy (project changes
    /// keep every other typed column).
    private func replaceDocument(of key: Key, with document: JSONObject, _ connection: DatabaseConnection) async throws {
        try await connection.raw("""
            UPDATE calendar_events SET doc = \(bind: JSONValue.object(document).jsonText), project_id = \(bind: Self.projectColumn(of: document))
            WHERE event_id = \(bind: key.eventID) AND start_at = \(bind: key.start)
            """).run()
    }

    private func deleteEvent(_ key: Key, _ connection: DatabaseConnection) async throws {
        try await connection.raw("DELETE FROM calendar_events WHERE event_id = \(bind: key.eventID) AND start_at = \(bind: key.start)").run()
    }

    private var rowLock: String { database.backend == .postgres ? " FOR UPDATE" : "" }

    /// The `project_id` column: the document's `project_id` when it is a string that can name a
    /// project (project keys never hold NUL, which PostgreSQL text cannot store either).
    static func projectColumn(of document: JSONObject) -> String? {
        guard let projectID = document["project_id"]?.stringValue, !projectID.utf8.contains(0) else { return nil }
        return projectID
    }

    // MARK: LCO import tracking

    func trackedScheduleTime(site: String) async throws -> String? {
        try await database.read { sql in
            try await sql.raw("SELECT last_schedule_time FROM lco_schedule_tracking WHERE ptr_site = \(bind: site)")
                .first()?.decode(column: "last_schedule_time", as: String.self)
        }
    }

    func track(site: String, scheduleTime: String, updatedAt: String) async throws {
        try await database.withConnection { sql in
            try await sql.raw("""
                INSERT INTO lco_schedule_tracking (ptr_site, last_schedule_time, updated_at)
                VALUES (\(bind: site), \(bind: scheduleTime), \(bind: updatedAt))
                ON CONFLICT (ptr_site) DO UPDATE SET last_schedule_time = excluded.last_schedule_time, updated_at = excluded.updated_at
                """).run()
        }
    }

    private static func stored(from row: any SQLRow) throws -> StoredEvent {
        try StoredEvent(
            eventID: row.decode(column: "event_id", as: String.self), start: row.decode(column: "start_at", as: String.self),
            site: row.decode(column: "site", as: String?.self), creatorID: row.decode(column: "creator_id", as: String?.self),
            document: row.decode(column: "doc", as: String.self)
        )
    }
}

// The schedule reads, prepared on Postgres; each answers in the same order.

private struct EventsEndingBetween: DocumentRead {
    static let sql = "SELECT doc FROM calendar_events WHERE site = $1 AND end_at >= $2 AND end_at <= $3 ORDER BY end_at, start_at, event_id"
    let site: String, start: String, end: String
    var parameters: [StatementValue] { [.text(site), .text(start), .text(end)] }
}

private struct EventsActiveAt: DocumentRead {
    static let sql = "SELECT doc FROM calendar_events WHERE site = $1 AND end_at >= $2 AND start_at <= $2 ORDER BY end_at, start_at, event_id"
    let site: String, time: String
    var parameters: [StatementValue] { [.text(site), .text(time)] }
}

private struct EventsOfCreator: DocumentRead {
    static let sql = "SELECT doc FROM calendar_events WHERE creator_id = $1 AND end_at >= $2 ORDER BY end_at, start_at, event_id"
    let creatorID: String, time: String
    var parameters: [StatementValue] { [.text(creatorID), .text(time)] }
}

// The statements of every reservation write, prepared on Postgres.

private struct LockSite: RowlessWrite {
    static let sql = "SELECT pg_advisory_xact_lock(hashtext('calendar:' || $1))"
    let site: String
    var parameters: [StatementValue] { [.text(site)] }
}

/// The event with this key, row-locked on Postgres for the rest of the transaction.
private struct EventByKey: PreparedWrite {
    static let sql = "SELECT event_id, start_at, site, creator_id, doc FROM calendar_events WHERE event_id = $1 AND start_at = $2"
    static let postgresSQL = sql + " FOR UPDATE"
    let key: CalendarStore.Key
    var parameters: [StatementValue] { [.text(key.eventID), .text(key.start)] }
    static func row(from columns: StatementColumns) throws -> CalendarStore.StoredEvent {
        try CalendarStore.StoredEvent(eventID: columns.requiredText(0), start: columns.requiredText(1), site: columns.text(2),
                                      creatorID: columns.text(3), document: columns.requiredText(4))
    }
}

private struct Conflict: PreparedRead {
    static let sql = """
        SELECT 1 FROM calendar_events
        WHERE site = $1 AND event_id <> $2 AND end_at IS NOT NULL AND (creator_id IS NULL OR creator_id <> $3)
          AND start_at < $4 AND end_at > $5
        LIMIT 1
        """
    let event: EventDocument
    var parameters: [StatementValue] { [.text(event.site), .text(event.eventID), .text(event.creatorID), .text(event.end), .text(event.start)] }
    static func row(from columns: StatementColumns) throws {}
}

private struct PutEvent: RowlessWrite {
    static let sql = """
        INSERT INTO calendar_events (event_id, start_at, end_at, site, creator_id, origin, lco_observation_id, doc, project_id)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        ON CONFLICT (event_id, start_at) DO UPDATE SET end_at = excluded.end_at, site = excluded.site,
            creator_id = excluded.creator_id, origin = excluded.origin,
            lco_observation_id = excluded.lco_observation_id, doc = excluded.doc, project_id = excluded.project_id
        """
    let event: EventDocument
    let lcoObservationID: Int64?
    var parameters: [StatementValue] {
        [.text(event.eventID), .text(event.start), .text(event.end), .text(event.site), .text(event.creatorID),
         .text(orNull: event.document["origin"]?.stringValue), .integer(orNull: lcoObservationID), .text(JSONValue.object(event.document).jsonText),
         .text(orNull: CalendarStore.projectColumn(of: event.document))]
    }
}
