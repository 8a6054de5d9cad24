import Foundation
import Logging
import PTRCore
import PTRStorage
import PTRTesting
import SQLKit
import Testing

@testable import Jobs

/// spec/jobs.md §4 E3: a `getnewjobs` that fails claims nothing. The fault is injected at the
/// storage edge: one stored document no longer parses, so the claim's transaction fails after its
/// UPDATE ran.
@Suite struct FailedClaimTests {
    @Test("a claim that fails answers JSON 500 and leaves every job UNREAD", arguments: TestBackend.enabled)
    func failedClaimRollsBack(backend: TestBackend) async throws {
        try await withFakeCalendar { calendar in
            try await TestDatabase.with(backend) { database in
                let configuration = try database.configuration(.jobs, extra: try jobsEnvironment(calendarURL: calendar.url))
                let app = try await buildApplication(configuration, settings: JobsSettings())
                try await app.test(.router) { client in
                    let jobs = JobsHarness(client: client, calendar: calendar)
                    let site = uniqueSite()
                    let good = try await jobs.created(uiBody(site))["ulid"]!.stringValue!
                    let broken = try await jobs.created(uiBody(site))["ulid"]!.stringValue!
                    let storage = try Database(configuration, logger: Logger(label: "fault-injection"))
                    let pool = Task { try await storage.run() }
                    defer { pool.cancel() }
                    try await storage.withConnection { sql in
                        try await sql.raw("UPDATE jobs SET doc = 'not json' WHERE ulid = \(bind: broken)").run()
                    }

                    let failed = try await jobs.post("getnewjobs", #"{"site": "\#(site)"}"#)
                    #expect(failed.status == .internalServerError)
                    #expect(try failed.json() == ["message": "Internal server error"])

                    try await storage.withConnection { sql in
                        try await sql.raw("DELETE FROM jobs WHERE ulid = \(bind: broken)").run()
                    }
                    #expect(ulids(try await jobs.poll(site)) == [good], "the failed claim claimed nothing")
                }
            }
        }
    }
}
