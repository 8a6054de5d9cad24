import Foundation
import PTRCore
import PTRTesting
import Testing

@testable import Calendar

/// spec/calendar.md §8 cases 35–37 and 40: the live LCO pass-through, against the fake site proxy.
@Suite struct SchedulerObservationTests {
    static let body = #"{"site": "mrc1", "start": "2030-06-14T00:00:00Z", "end": "2030-06-16T00:00:00Z"}"#

    @Test("the fixture's mrc1 observations, calendar-shaped, with the request as the proxy expects", arguments: TestBackend.enabled)
    func observations(backend: TestBackend) async throws {
        try await withFakeLCO { lco, projects in
            try await withCalendar(backend, environment: lcoEnvironment(lco, projects)) { client async throws in
                let reply = try await client.sendJSON(.post, "/calendar/scheduler-observations", try JSONValue.parse(Self.body))
                #expect(reply.status == .ok)
                let entries = try #require(try reply.json().arrayValue)
                #expect(entries.map { $0["event_id"] } == ["612000101", "612000087"])
                let first = try #require(entries.first)
                #expect(first["title"] == "M31 LRGB (via LCO)")
                #expect(first["origin"] == "LCO")
                #expect(first["site"] == "mrc1")
                #expect(first["observation_state"] == "PENDING")
                #expect(first["creator_id"]?.stringValue?.hasSuffix("#LCO") == true)
                #expect(first["observation_data"]?["id"] == 612000101)
                let request = try #require(lco.scheduleRequests.first)
                #expect(request.path == "/mrc/observation-portal/api/schedule")
                #expect(request.authorization == "Token test-secret")
                #expect(request.values("start") == ["2030-06-14T00:00:00"], "one trailing Z stripped from start")
                #expect(request.values("end") == ["2030-06-16T00:00:00Z"])
                #expect(request.values("telescope") == ["0m31"])
                #expect(request.values("limit") == ["1000"])
                #expect(Set(request.values("state")) == ["NOT_ATTEMPTED", "COMPLETED", "ABORTED", "PENDING", "IN_PROGRESS", "FAILED"])
            }
        }
    }

    @Test("35: an unknown site → [] without a request", arguments: TestBackend.enabled)
    func unknownSite(backend: TestBackend) async throws {
        try await withFakeLCO { lco, projects in
            try await withCalendar(backend, environment: lcoEnvironment(lco, projects)) { client async throws in
                let reply = try await client.send(.post, "/calendar/scheduler-observations", body: #"{"site": "zzz1", "start": "a", "end": "b"}"#)
                #expect(reply.status == .ok)
                #expect(reply.text == "[]")
                #expect(lco.requests.isEmpty)
            }
        }
    }

    @Test("36: every proxy failure → 200 []", arguments: TestBackend.enabled)
    func failures(backend: TestBackend) async throws {
        try await withFakeLCO { lco, projects in
            try await withCalendar(backend, environment: lcoEnvironment(lco, projects), options: fastLCO) { client async throws in
                for mode in [FakeLCO.Mode.serverError, .notJSON, .noResults, .unauthorized, beyondTimeout] {
                    lco.state.withLock { $0.scheduleMode = mode }
                    let reply = try await client.send(.post, "/calendar/scheduler-observations", body: Self.body)
                    #expect(reply.status == .ok, "\(mode)")
                    #expect(reply.text == "[]", "\(mode)")
                }
            }
            // Stopped proxy: nothing listens on port 1.
            try await withCalendar(backend, environment: ["PTR_LCO_URL": "http://127.0.0.1:1/{wema}"], options: fastLCO) { client async throws in
                #expect(try await client.send(.post, "/calendar/scheduler-observations", body: Self.body).text == "[]")
            }
        }
    }

    @Test("a malformed observation is skipped, the others kept", arguments: TestBackend.enabled)
    func malformed(backend: TestBackend) async throws {
        try await withFakeLCO { lco, projects in
            var broken = try #require(FakeLCO.fixtureObservations.first?.objectValue)
            broken["state"] = 5
            lco.state.withLock { $0.results = [.object(broken)] + FakeLCO.fixtureObservations.dropFirst() }
            try await withCalendar(backend, environment: lcoEnvironment(lco, projects)) { client async throws in
                let reply = try await client.send(.post, "/calendar/scheduler-observations", body: Self.body)
                #expect(try reply.json().arrayValue?.map { $0["event_id"] } == ["612000087"])
            }
        }
    }

    @Test("37: missing site → 400", arguments: TestBackend.enabled)
    func missingSite(backend: TestBackend) async throws {
        try await withCalendar(backend) { client async throws in
            let reply = try await client.send(.post, "/calendar/scheduler-observations", body: #"{"start": "a", "end": "b"}"#)
            #expect(reply.status == .badRequest)
            #expect(reply.text == "Error: missing required key site")
        }
    }

    @Test("40: without PTR_LCO_URL → [] and no timer", arguments: TestBackend.enabled)
    func notConfigured(backend: TestBackend) async throws {
        try await withFakeLCO { lco, projects in
            try await withCalendar(backend, environment: ["PTR_LCO_IMPORT_INTERVAL_S": "1", "PTR_PROJECTS_URL": projects.url]) { client async throws in
                #expect(try await client.send(.post, "/calendar/scheduler-observations", body: Self.body).text == "[]")
                try await Task.sleep(for: .milliseconds(1500))
                #expect(projects.callCount == 0)
                #expect(try await client.send(.get, "/calendar/import-schedules/mrc1").text == "Error importing schedule for mrc1: LCO access not configured")
            }
        }
    }
}
