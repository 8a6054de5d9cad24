import Foundation
import HummingbirdTesting
import PTRCore
import PTRStorage
import PTRTesting
import SQLKit
import Testing

@testable import Calendar

/// Reservations written before the `project_id` column existed are found by their project after
/// the upgrade: a project deleted later is detached from them too (§3.10).
@Suite struct CalendarMigrationTests {
    @Test("events stored by the first schema are detached by project id after the upgrade", arguments: TestBackend.enabled)
    func eventsOfTheFirstSchemaAreFoundByProject(backend: TestBackend) async throws {
        try await TestDatabase.with(backend) { test in
            try await test.running { database in
                try await database.migrate(service: ServiceName.calendar.rawValue, [CalendarStore.migrations[0]])
                try await database.withConnection { sql in
                    // A string project id, another project's, "none", a number, a NUL that no project id
                    // holds, and the project's id beside a NUL elsewhere in the document.
                    for (id, start, project, title) in [("E1", "01:00", #""M31#1""#, ""), ("E2", "02:00", #""M42#1""#, ""), ("E3", "03:00", #""none""#, ""),
                                                        ("E4", "04:00", "7", ""), ("E5", "05:00", #""M31#1\u0000""#, ""), ("E6", "06:00", #""M31#1""#, #"a\u0000"#)] {
                        let document = #"{"event_id": "\#(id)", "start": "\#(t(start))", "end": "\#(t(start, day: 2))", "site": "mrc1", "creator_id": "auth0|A", "title": "\#(title)", "project_id": \#(project)}"#
                        try await sql.raw("""
                            INSERT INTO calendar_events (event_id, start_at, end_at, site, creator_id, origin, doc)
                            VALUES (\(bind: id), \(bind: t(start)), \(bind: t(start, day: 2)), 'mrc1', 'auth0|A', 'PTR', \(bind: document))
                            """).run()
                    }
                }
            }
            let app = try await buildApplication(try test.configuration(.calendar, extra: calendarEnvironment()))
            try await app.test(.router) { client in
                let reply = try await client.send(.post, "/calendar/remove-project-from-events", body: #"{"events": [], "project_id": "M31#1"}"#)
                #expect(reply.status == .ok)
                let projects = try await client.siteEvents(from: t("00:00", day: 2), to: t("23:59", day: 2)).map { $0["project_id"] }
                #expect(projects == ["none", "M42#1", "none", 7, "M31#1\u{0}", "none"])
            }
        }
    }
}
