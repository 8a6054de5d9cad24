import Foundation
import PTRCore
import PTRTesting
import Testing

@testable import Jobs

/// spec/jobs.md §9 case 16: when the calendar cannot be reached within its timeout, non-admins get a
/// 503 with a clear text and nothing is queued; admins, who skip the check, are served.
@Suite struct CalendarDownTests {
    @Test("calendar stopped: 503 for non-admins, admins served", arguments: TestBackend.enabled)
    func calendarStopped(backend: TestBackend) async throws {
        // A calendar that has been stopped: the port it listened on answers nothing now.
        let stoppedURL = try await withFakeCalendar { $0.url }
        try await TestDatabase.withApp(backend, .jobs, environment: try jobsEnvironment(calendarURL: stoppedURL),
                                       build: { try await buildApplication($0, settings: JobsSettings()) }) { client in
            let jobs = JobsHarness(client: client, calendar: try await withFakeCalendar { $0 })
            let site = uniqueSite()
            let refused = try await jobs.newJob(uiBody(site), token: try await token("u1", []))
            #expect(refused.status == .serviceUnavailable)
            #expect(refused.text == "Unable to check the calendar for current reservations. Please try again.")
            #expect(refused["Access-Control-Allow-Origin"] == "*")
            let cancel = try await jobs.newJob(uiBody(site, ["action": "cancel_all_commands"]), token: try await token("u1", ["owner"]))
            #expect(cancel.status == .serviceUnavailable)
            #expect(try await jobs.poll(site) == [])
            #expect(try await jobs.newJob(uiBody(site), token: try await token("u1", ["admin"])).status == .ok)
            #expect(try await jobs.poll(site).count == 1)
        }
    }

    @Test("calendar slower than the timeout: 503, nothing queued", arguments: TestBackend.enabled)
    func calendarTooSlow(backend: TestBackend) async throws {
        var settings = JobsSettings()
        settings.calendarTimeout = .milliseconds(300)
        try await withJobs(backend, settings: settings) { jobs in
            let site = uniqueSite()
            jobs.calendar.delay(.seconds(3))
            let reply = try await jobs.newJob(uiBody(site), token: try await token("u1", []))
            #expect(reply.status == .serviceUnavailable)
            #expect(reply.text == ReservationCheck.unavailable)
            jobs.calendar.delay(.zero)
            #expect(try await jobs.poll(site) == [])
        }
    }
}
