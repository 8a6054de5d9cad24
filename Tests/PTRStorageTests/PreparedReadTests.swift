@testable import PTRStorage
import PTRTesting
import SQLKit
import Testing

/// Notes written from `since` - 10 on (`$1` used twice), newest first, at most `limit`; the body
/// only of those written after `since`.
private struct NotesWritten: PreparedRead {
    static let sql = """
        SELECT id, CASE WHEN written_at > $1 THEN body END FROM notes
        WHERE written_at >= $1 - 10 AND id <> $2 ORDER BY written_at DESC LIMIT $3
        """
    let since: Int64
    let excludedID: String
    let limit: Int64
    var parameters: [StatementValue] { [.integer(since), .text(excludedID), .integer(limit)] }
    static func row(from columns: StatementColumns) throws -> [String?] { [try columns.requiredText(0), try columns.text(1)] }
}

private struct NoteBody: DocumentRead {
    static let sql = "SELECT body FROM notes WHERE id = $1"
    let id: String
    var parameters: [StatementValue] { [.text(id)] }
}

@Suite struct PreparedReadTests {
    @Test("a prepared read binds by number, repeats a parameter, and reads NULL as nil", arguments: TestBackend.enabled)
    func bindsAndColumns(backend: TestBackend) async throws {
        try await DatabaseTests.withDatabase(backend) { database in
            try await database.withConnection { sql in
                for (id, time) in [("a", 5), ("b", 20), ("c", 30), ("d", 40)] {
                    try await sql.raw("INSERT INTO notes (id, body, written_at) VALUES (\(bind: id), \(bind: "body " + id), \(bind: time))").run()
                }
            }
            let rows = try await database.read(NotesWritten(since: 20, excludedID: "c", limit: 5))
            // d is after 20 (body shown), b is at 20 (NULL), a is before 20 - 10 (left out).
            #expect(rows == [["d", "body d"], ["b", nil]])
            #expect(try await database.read(NotesWritten(since: 0, excludedID: "d", limit: 2)) == [["c", "body c"], ["b", "body b"]])
        }
    }

    @Test("many concurrent prepared reads on every pooled connection, hostile text bound byte for byte", arguments: TestBackend.enabled)
    func concurrentReads(backend: TestBackend) async throws {
        let hostile = ["'; DROP TABLE notes; --", "caf\u{E9} \u{1F52D}", "$1 ? %s", "x"]
        try await DatabaseTests.withDatabase(backend) { database in
            try await database.withConnection { sql in
                for (index, text) in hostile.enumerated() {
                    try await sql.raw("INSERT INTO notes (id, body) VALUES (\(bind: text), \(bind: String(index)))").run()
                }
            }
            // More reads at once than either pool has connections: each connection prepares on first use.
            let answers = try await withThrowingTaskGroup(of: (Int, [String]).self) { group in
                for attempt in 0..<200 {
                    group.addTask {
                        let id = hostile[attempt % hostile.count]
                        return (attempt, try await database.read(NoteBody(id: id)).map(\.text))
                    }
                }
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            #expect(answers.count == 200)
            for (attempt, bodies) in answers { #expect(bodies == [String(attempt % hostile.count)]) }
            #expect(try await database.read(NoteBody(id: "absent")).isEmpty)
        }
    }

    @Test("parameters must first appear in order, so both engines number them alike")
    func parameterOrder() {
        #expect(numbersParametersInOrder("SELECT 1 WHERE a = $1 AND b = $2 AND c = $1 LIMIT $3"))
        #expect(numbersParametersInOrder("SELECT '$' || x FROM t"))
        #expect(!numbersParametersInOrder("SELECT 1 WHERE a = $2 AND b = $1"))
        #expect(!numbersParametersInOrder("SELECT 1 WHERE a = $1 AND b = $3"))
    }
}
