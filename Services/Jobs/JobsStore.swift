import PTRCore
import PTRStorage
import SQLKit

/// The only place that speaks SQL for jobs (spec/jobs.md §2.3, §4).
struct JobsStore: Sendable {
    let database: Database

    static let migrations = [
        Migration(version: 1, name: "jobs with their two queues") { backend in
            // ULIDs sort byte-wise (SQLite's default BINARY collation; Postgres needs "C").
            let bytewise = backend.bytewiseCollation
            return [
                """
                CREATE TABLE jobs (
                    site TEXT NOT NULL, ulid TEXT\(bytewise) NOT NULL, status TEXT NOT NULL, replica_status TEXT NOT NULL,
                    timestamp_ms BIGINT NOT NULL, seconds_until_complete TEXT NULL, doc TEXT NOT NULL,
                    PRIMARY KEY (site, ulid))
                """,
                "CREATE INDEX jobs_unread_primary ON jobs (site, ulid) WHERE status = 'UNREAD'",
                "CREATE INDEX jobs_unread_replica ON jobs (site, ulid) WHERE replica_status = 'UNREAD'",
                "CREATE INDEX jobs_by_time ON jobs (site, timestamp_ms)",
            ]
        }
    ]

    private static let columns = "site, ulid, status, replica_status, timestamp_ms, seconds_until_complete, doc"

    /// Writes a new UNREAD job whose document `makeDocument` builds from a ULID drawn inside the
    /// transaction (so a cancel's bound is taken when it purges). A cancel first deletes every
    /// earlier job of the site, whatever its status, in the same transaction (E6).
    func create(purgingEarlier purge: Bool, ulids: ULIDGenerator, makeDocument: @escaping @Sendable (ULID) -> JSONObject) async throws -> Job {
        try await database.transaction { sql in
            let ulid = ulids.next()
            let document = makeDocument(ulid)
            let site = document["site"]!.stringValue!
            if purge {
                try await sql.raw("DELETE FROM jobs WHERE site = \(bind: site) AND ulid < \(bind: ulid.description)").run()
            }
            _ = try await sql.run(InsertJob(site: site, ulid: ulid.description, milliseconds: ulid.milliseconds,
                                            document: JSONValue.object(document).jsonText))
            try await notifyArrival(site: site, sql)
            return Job(site: site, ulid: ulid.description, status: Job.unread, replicaStatus: Job.unread,
                       timestampMilliseconds: ulid.milliseconds, secondsUntilComplete: nil, document: document)
        }
    }

    /// Claims up to `limit` UNREAD jobs of the site on `queue`, oldest first, in one statement: each
    /// job goes to exactly one caller (E1). On Postgres rows locked by a concurrent claimer are
    /// skipped, not waited for; SQLite has one writer at a time. The answer shows each job as it
    /// was before the claim (UNREAD on the polled key, §3.2); it is decoded inside the transaction so
    /// that a failure claims nothing (E3).
    func claim(site: String, queue: JobQueue, limit: Int) async throws -> [Job] {
        let column = queue.statusColumn
        // Most polls find nothing. One indexed read tells, without the write transaction a claim
        // needs (SQLite's write lock; Postgres' BEGIN and COMMIT round trips). A job that arrives
        // just after this read is the next poll's, as it would be had it come just after a claim.
        let waiting = switch queue {
        case .primary: try await database.read(UnreadPrimaryJob(site: site))
        case .alternate: try await database.read(UnreadAlternateJob(site: site))
        }
        guard !waiting.isEmpty else { return [] }
        let lock = database.backend == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        return try await database.transaction { sql in
            let rows = try await sql.raw("""
                UPDATE jobs SET \(unsafeRaw: column) = 'RECEIVED'
                WHERE site = \(bind: site) AND ulid IN (
                    SELECT ulid FROM jobs WHERE site = \(bind: site) AND \(unsafeRaw: column) = 'UNREAD'
                    ORDER BY ulid LIMIT \(bind: limit)\(unsafeRaw: lock))
                RETURNING \(unsafeRaw: Self.columns)
                """).all()
            return try rows.map { row in
                var job = try Self.job(from: row)
                switch queue {
                case .primary: job.status = Job.unread
                case .alternate: job.replicaStatus = Job.unread
                }
                return job
            }.sorted { $0.ulid < $1.ulid }
        }
    }

    /// Sets the status word of `queue` and `secondsUntilComplete`; false when the job does not exist
    /// (nothing is created, unlike the original's upsert).
    func setStatus(site: String, ulid: String, queue: JobQueue, status: String, secondsUntilComplete: JSONValue) async throws -> Bool {
        try await database.transaction { sql in
            let found = try await sql.raw("""
                UPDATE jobs SET \(unsafeRaw: queue.statusColumn) = \(bind: status), seconds_until_complete = \(bind: secondsUntilComplete.jsonText)
                WHERE site = \(bind: site) AND ulid = \(bind: ulid) RETURNING ulid
                """).first() != nil
            if found && status == Job.unread { try await notifyArrival(site: site, sql) }
            return found
        }
    }

    /// Tells the long polls of other replicas that the site has an UNREAD job; Postgres delivers
    /// the notification when (and only if) this transaction commits.
    private func notifyArrival(site: String, _ connection: DatabaseConnection) async throws {
        guard database.backend == .postgres else { return }
        _ = try await connection.run(NotifyArrival(site: site))
    }

    /// The site's jobs created at or after `sinceMilliseconds`, ascending ulid, at most the newest `limit`.
    func recent(site: String, sinceMilliseconds: Int64, limit: Int) async throws -> [Job] {
        try await database.read { sql in
            Array(try await sql.raw("""
                SELECT \(unsafeRaw: Self.columns) FROM jobs
                WHERE site = \(bind: site) AND timestamp_ms >= \(bind: sinceMilliseconds)
                ORDER BY ulid DESC LIMIT \(bind: limit)
                """).all().map(Self.job(from:)).reversed())
        }
    }

    private static func job(from row: any SQLRow) throws -> Job {
        guard case .object(let document) = try JSONValue.parse(row.decode(column: "doc", as: String.self)) else {
            throw JobsStoreError.corruptDocument
        }
        return Job(
            site: try row.decode(column: "site", as: String.self),
            ulid: try row.decode(column: "ulid", as: String.self),
            status: try row.decode(column: "status", as: String.self),
            replicaStatus: try row.decode(column: "replica_status", as: String.self),
            timestampMilliseconds: try row.decode(column: "timestamp_ms", as: Int64.self),
            secondsUntilComplete: try row.decode(column: "seconds_until_complete", as: String?.self).map { try JSONValue.parse($0) },
            document: document
        )
    }
}

enum JobsStoreError: Error {
    /// A stored document is not a JSON object (only a bug or a hand edit can do that).
    case corruptDocument
}

/// The check of every poll, one prepared statement per queue on Postgres: the ulid of an UNREAD job, if any.
private protocol UnreadJobRead: PreparedRead where Row == String {
    var site: String { get }
}

extension UnreadJobRead {
    var parameters: [StatementValue] { [.text(site)] }
    static func row(from columns: StatementColumns) throws -> String { try columns.requiredText(0) }
}

private struct UnreadPrimaryJob: UnreadJobRead {
    static let sql = "SELECT ulid FROM jobs WHERE site = $1 AND status = 'UNREAD' LIMIT 1"
    let site: String
}

private struct UnreadAlternateJob: UnreadJobRead {
    static let sql = "SELECT ulid FROM jobs WHERE site = $1 AND replica_status = 'UNREAD' LIMIT 1"
    let site: String
}

/// A new job, UNREAD on both queues (prepared on Postgres: every UI command writes one).
private struct InsertJob: RowlessWrite {
    static let sql = """
        INSERT INTO jobs (site, ulid, status, replica_status, timestamp_ms, seconds_until_complete, doc)
        VALUES ($1, $2, 'UNREAD', 'UNREAD', $3, NULL, $4)
        """
    let site: String, ulid: String, milliseconds: Int64, document: String
    var parameters: [StatementValue] { [.text(site), .text(ulid), .integer(milliseconds), .text(document)] }
}

/// The wake-up of other replicas' long polls (Postgres only).
private struct NotifyArrival: RowlessWrite {
    static let sql = "SELECT pg_notify($1, $2)"
    let site: String
    var parameters: [StatementValue] { [.text(ReplicaArrivals.channel), .text(site)] }
}
