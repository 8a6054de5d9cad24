import PTRCore
import PTRStorage
import SQLKit

/// The only place that speaks SQL for projects (model of spec/projects.md §2.4). The document is
/// kept whole as JSON text; the key columns and `user_id`/`origin` are copies for lookups.
struct ProjectStore: Sendable {
    let database: Database

    static let migrations = [
        Migration(version: 1, name: "projects") { backend in
            // Byte order for the key columns, like DynamoDB's UTF-8 sort keys (SQLite's default is BINARY).
            let collate = backend.bytewiseCollation
            return [
                """
                CREATE TABLE projects (
                    project_name TEXT\(collate) NOT NULL, created_at TEXT\(collate) NOT NULL, user_id TEXT\(collate) NOT NULL,
                    origin TEXT, doc TEXT NOT NULL, revision BIGINT NOT NULL DEFAULT 1, updated_at_ms BIGINT NOT NULL,
                    PRIMARY KEY (project_name, created_at))
                """,
                "CREATE INDEX projects_by_user ON projects (user_id, created_at, project_name)",
                "CREATE INDEX projects_by_created ON projects (created_at, project_name)",
            ]
        }
    ]

    /// What a read-modify-write found.
    enum Change<Result: Sendable>: Sendable {
        case notFound
        case changed(Result)
        /// The new document's key names another project: nothing was written.
        case keyTaken
    }

    /// Creates the project or replaces the one with the same key wholesale (the original's upsert).
    func upsert(_ project: ProjectDocument) async throws {
        try await database.withConnection { sql in
            try await sql.raw("""
                INSERT INTO projects (project_name, created_at, user_id, origin, doc, updated_at_ms)
                VALUES (\(bind: project.key.name), \(bind: project.key.createdAt), \(bind: project.userID), \(bind: project.origin),
                        \(bind: project.text), \(bind: unixMilliseconds()))
                ON CONFLICT (project_name, created_at) DO UPDATE SET user_id = excluded.user_id, origin = excluded.origin,
                    doc = excluded.doc, revision = projects.revision + 1, updated_at_ms = excluded.updated_at_ms
                """).run()
        }
    }

    func project(_ key: ProjectKey) async throws -> StoredJSON? {
        try await database.read(ProjectByKey(key: key)).first
    }

    /// A user's projects by `created_at` then name (byte order), every match.
    func projects(ofUser userID: String) async throws -> [StoredJSON] {
        try await database.read(ProjectsOfUser(userID: userID))
    }

    func allProjects() async throws -> [StoredJSON] {
        let rows = try await database.read { sql in
            try await sql.raw("SELECT doc FROM projects ORDER BY created_at, project_name").all()
        }
        return try rows.map(Self.storedDocument(from:))
    }

    /// One atomic read-modify-write of a project: the row is locked (`FOR UPDATE` on Postgres, the
    /// write lock of `BEGIN IMMEDIATE` on SQLite) while `change` edits the document, so concurrent
    /// changes queue up and none is lost. `change` returns the new document (nil: write nothing)
    /// and a result; when it throws, nothing is written. A new document whose key differs from
    /// `key` moves the project there in the same transaction, unless another project has that key.
    func modify<Result: Sendable>(
        _ key: ProjectKey, _ change: @escaping @Sendable (JSONObject) throws -> (ProjectDocument?, Result)
    ) async throws -> Change<Result> {
        try await database.transaction { sql in
            guard let stored = try await sql.run(ProjectForUpdate(key: key)).first else { return .notFound }
            let (replacement, result) = try change(try Self.object(stored))
            guard let replacement else { return .changed(result) }
            if replacement.key == key {
                _ = try await sql.run(UpdateProject(key: key, replacement: replacement, milliseconds: unixMilliseconds()))
            } else if try await !Self.move(from: key, to: replacement, sql) {
                return .keyTaken
            }
            return .changed(result)
        }
    }

    /// Deletes the project when `mayDelete` accepts its document (it throws to refuse); returns the
    /// deleted document, nil when there was none.
    func delete(_ key: ProjectKey, _ mayDelete: @escaping @Sendable (JSONObject) throws -> Void) async throws -> JSONObject? {
        try await database.transaction { sql in
            guard let stored = try await Self.document(of: key, lock: lock, sql) else { return nil }
            let document = try Self.object(stored)
            try mayDelete(document)
            try await sql.raw("DELETE FROM projects WHERE project_name = \(bind: key.name) AND created_at = \(bind: key.createdAt)").run()
            return document
        }
    }

    /// Deletes the project only if its `origin` is exactly `"LCO"`; true when it did.
    func deleteLCOProject(_ key: ProjectKey) async throws -> Bool {
        try await database.withConnection { sql in
            try await sql.raw("""
                DELETE FROM projects WHERE project_name = \(bind: key.name) AND created_at = \(bind: key.createdAt) AND origin = 'LCO'
                RETURNING project_name
                """).first() != nil
        }
    }

    // MARK: Rows

    private var lock: String { database.backend == .postgres ? " FOR UPDATE" : "" }

    /// A rename: the new key is inserted first (nothing happens if it is taken: false), then the old
    /// row goes, in the caller's transaction, so readers see the project under exactly one key.
    private static func move(from key: ProjectKey, to replacement: ProjectDocument, _ sql: any SQLDatabase) async throws -> Bool {
        let inserted = try await sql.raw("""
            INSERT INTO projects (project_name, created_at, user_id, origin, doc, updated_at_ms)
            VALUES (\(bind: replacement.key.name), \(bind: replacement.key.createdAt), \(bind: replacement.userID), \(bind: replacement.origin),
                    \(bind: replacement.text), \(bind: unixMilliseconds()))
            ON CONFLICT (project_name, created_at) DO NOTHING RETURNING project_name
            """).first()
        guard inserted != nil else { return false }
        try await sql.raw("DELETE FROM projects WHERE project_name = \(bind: key.name) AND created_at = \(bind: key.createdAt)").run()
        return true
    }

    private static func document(of key: ProjectKey, lock: String, _ sql: any SQLDatabase) async throws -> StoredJSON? {
        try await sql.raw("""
            SELECT doc FROM projects WHERE project_name = \(bind: key.name) AND created_at = \(bind: key.createdAt)\(unsafeRaw: lock)
            """).first().map(Self.storedDocument(from:))
    }

    private static func storedDocument(from row: any SQLRow) throws -> StoredJSON {
        StoredJSON(try row.decode(column: "doc", as: String.self))
    }

    private static func object(_ document: StoredJSON) throws -> JSONObject {
        try document.value.objectValue ?? [:]
    }
}

// The reads the observatory and the UI make most, prepared on Postgres.

private struct ProjectByKey: DocumentRead {
    static let sql = "SELECT doc FROM projects WHERE project_name = $1 AND created_at = $2"
    let key: ProjectKey
    var parameters: [StatementValue] { [.text(key.name), .text(key.createdAt)] }
}

private struct ProjectsOfUser: DocumentRead {
    static let sql = "SELECT doc FROM projects WHERE user_id = $1 ORDER BY created_at, project_name"
    let userID: String
    var parameters: [StatementValue] { [.text(userID)] }
}

// The read-modify-write of every progress report (add-project-data), prepared on Postgres.

/// The project's document, row-locked on Postgres until the transaction ends.
private struct ProjectForUpdate: PreparedWrite, DocumentRows {
    static let sql = ProjectByKey.sql
    static let postgresSQL = sql + " FOR UPDATE"
    let key: ProjectKey
    var parameters: [StatementValue] { [.text(key.name), .text(key.createdAt)] }
}

private struct UpdateProject: RowlessWrite {
    static let sql = """
        UPDATE projects SET user_id = $1, origin = $2, doc = $3, revision = revision + 1, updated_at_ms = $4
        WHERE project_name = $5 AND created_at = $6
        """
    let key: ProjectKey
    let replacement: ProjectDocument
    let milliseconds: Int64
    var parameters: [StatementValue] {
        [.text(replacement.userID), .text(orNull: replacement.origin), .text(replacement.text), .integer(milliseconds),
         .text(key.name), .text(key.createdAt)]
    }
}
