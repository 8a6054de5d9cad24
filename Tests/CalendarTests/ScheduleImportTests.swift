import Foundation
import HummingbirdTesting
import PTRCore
import PTRTesting
import Testing

@testable import Calendar

/// The LCO schedule import (spec/calendar.md §5.5–§5.7, §8 cases 38–39) against the fake site
/// proxy and the recording fake projects service.
@Suite struct ScheduleImportTests {
    static let window = (from: "2030-06-01T00:00:00Z", to: "2030-07-01T00:00:00Z")
    static let m31EventID = "33a448ff-284d-5982-8d4d-44396c13792d"  // Python: uuid5(NAMESPACE_URL, "lco:observation:612000101")

    static func importMRC1(_ client: any TestClientProtocol) async throws -> String {
        let reply = try await client.send(.get, "/calendar/import-schedules/mrc1")
        #expect(reply.status == .ok)
        return reply.text
    }

    @Test("38: an unknown subsite → message, no outbound request", arguments: TestBackend.enabled)
    func unknownSubsite(backend: TestBackend) async throws {
        try await withFakeLCO { lco, projects in
            try await withCalendar(backend, environment: lcoEnvironment(lco, projects)) { client async throws in
                #expect(try await client.send(.get, "/calendar/import-schedules/xyz9").text == "Unknown subsite: xyz9")
                #expect(lco.requests.isEmpty)
                #expect(projects.callCount == 0)
            }
        }
    }

    @Test("39: import, then up to date with one request and no projects call", arguments: TestBackend.enabled)
    func importTwice(backend: TestBackend) async throws {
        try await withFakeLCO { lco, projects in
            try await withCalendar(backend, environment: lcoEnvironment(lco, projects)) { client async throws in
                #expect(try await Self.importMRC1(client) == "Updated schedule for mrc1 with 1 observations")
                let schedule = try #require(lco.scheduleRequests.first)
                #expect(schedule.values("telescope") == ["0m31"])
                #expect(schedule.values("state") == ["PENDING"])
                #expect(schedule.values("start").first?.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/) != nil)
                #expect(schedule.authorization == "Token test-secret")
                let events = try await client.siteEvents("mrc1", from: Self.window.from, to: Self.window.to)
                #expect(client.ids(events) == [Self.m31EventID])
                let event = try #require(events.first)
                #expect(event["creator_id"]?.stringValue?.hasSuffix("#LCO") == true)
                #expect(event["project_id"] == "M31 LRGB#2030-06-12T17:45:03Z")
                #expect(event["start"] == "2030-06-15T05:10:00Z")
                #expect(event["origin"] == "LCO")
                let project = try #require(projects.calls("/new-project").first)
                #expect(project["project_id"] == "M31 LRGB#2030-06-12T17:45:03Z")
                #expect(project["project_targets"]?.arrayValue?.first?["ra"] == .number(0.7123138666666667))
                #expect(project["project_constraints"]?["lunar_phase_max"] == 100)
                #expect(project["remaining"] == [3, 2])
                #expect(project["exposures"]?.arrayValue?.map { $0["filter"] } == ["mrc-L", "mrc-R"])
                #expect(project["scheduled_with_events"] == [.string(Self.m31EventID)])
                let overLCO = try await client.newEvent(ev("mine", "2030-06-15T05:00:00Z", "2030-06-15T05:20:00Z"), as: .a)
                #expect(overLCO.status == .conflict, "users cannot book over an imported LCO block (§3.1.1)")

                let (requestsBefore, callsBefore) = (lco.requests.count, projects.callCount)
                #expect(try await Self.importMRC1(client) == "Schedule for mrc1 is already up to date")
                #expect(lco.requests.count == requestsBefore + 1)
                #expect(lco.requests.last?.path.hasSuffix("/last_scheduled") == true)
                #expect(projects.callCount == callsBefore)
            }
        }
    }

    @Test("a re-import after LCO scheduled again keeps the same ids and documents", arguments: TestBackend.enabled)
    func deterministic(backend: TestBackend) async throws {
        try await withFakeLCO { lco, projects in
            try await withCalendar(backend, environment: lcoEnvironment(lco, projects)) { client async throws in
                #expect(try await Self.importMRC1(client).hasPrefix("Updated"))
                let first = try await client.siteEvents("mrc1", from: Self.window.from, to: Self.window.to)
                lco.state.withLock { $0.lastScheduleTime = "2030-06-14T22:00:00Z" }
                #expect(try await Self.importMRC1(client) == "Updated schedule for mrc1 with 1 observations")
                #expect(try await client.siteEvents("mrc1", from: Self.window.from, to: Self.window.to) == first)
            }
        }
    }

    @Test("no LCO or projects failure deletes or changes a reservation, nor the tracking row", arguments: TestBackend.enabled)
    func failuresChangeNothing(backend: TestBackend) async throws {
        try await withFakeLCO { lco, projects in
            try await withCalendar(backend, environment: lcoEnvironment(lco, projects), options: fastLCO) { client async throws in
                #expect(try await client.newEvent(ev("user", "2030-06-16T01:00:00Z", "2030-06-16T02:00:00Z"), as: .a).status == .ok)
                #expect(try await Self.importMRC1(client).hasPrefix("Updated"))
                let before = try await client.siteEvents("mrc1", from: Self.window.from, to: Self.window.to)
                #expect(before.count == 2)
                lco.state.withLock { $0.lastScheduleTime = "2030-06-14T23:00:00Z" }
                for mode in [FakeLCO.Mode.serverError, .notJSON, .noResults, .unauthorized, beyondTimeout] {
                    lco.state.withLock { $0.scheduleMode = mode }
                    let message = try await Self.importMRC1(client)
                    #expect(message.hasPrefix("Error importing schedule for mrc1: "), "\(mode): \(message)")
                    #expect(try await client.siteEvents("mrc1", from: Self.window.from, to: Self.window.to) == before, "\(mode)")
                }
                lco.state.withLock { $0.scheduleMode = .normal }
                projects.state.withLock { $0.status = 500 }
                #expect(try await Self.importMRC1(client).hasPrefix("Error importing schedule for mrc1: projects service"))
                #expect(try await client.siteEvents("mrc1", from: Self.window.from, to: Self.window.to) == before)
                projects.state.withLock { $0.status = 200 }
                #expect(try await Self.importMRC1(client) == "Updated schedule for mrc1 with 1 observations", "the tracking row was not advanced by the failures")
            }
            // Stopped proxy: the app points at a port nobody listens on.
            try await withCalendar(backend, environment: ["PTR_LCO_URL": "http://127.0.0.1:1/{wema}", "PTR_PROJECTS_URL": projects.url], options: fastLCO) { client async throws in
                #expect(try await client.newEvent(ev("user", "2030-06-16T01:00:00Z", "2030-06-16T02:00:00Z"), as: .a).status == .ok)
                #expect(try await Self.importMRC1(client).hasPrefix("Error importing schedule for mrc1: "))
                #expect(try await client.siteEvents("mrc1", from: Self.window.from, to: Self.window.to).count == 1)
            }
        }
    }

    @Test("import-schedules runs every subsite in order; per-WEMA tokens", arguments: TestBackend.enabled)
    func importAll(backend: TestBackend) async throws {
        try await withFakeLCO { lco, projects in
            var environment = lcoEnvironment(lco, projects)
            environment["PTR_LCO_TOKEN"] = #"{"mrc": "Token mrc-secret", "aro": "Token aro-secret"}"#
            try await withCalendar(backend, environment: environment) { client async throws in
                let reply = try await client.send(.get, "/calendar/import-schedules")
                #expect(reply.status == .ok)
                let messages = try #require(try reply.json().objectValue)
                let positions = ["mrc1", "mrc2", "aro1", "eco1", "eco2"].map { reply.text.range(of: "\"\($0)\":")?.lowerBound }
                #expect(positions.allSatisfy { $0 != nil } && positions.map { $0! } == positions.map { $0! }.sorted(), "keys in subsite order: \(reply.text)")
                #expect(messages["mrc1"] == "Updated schedule for mrc1 with 1 observations")
                #expect(messages["mrc2"] == "Updated schedule for mrc2 with 1 observations")
                #expect(messages["aro1"] == "Updated schedule for aro1 with 0 observations")
                let mrc2 = try await client.siteEvents("mrc2", from: Self.window.from, to: Self.window.to)
                #expect(mrc2.first?["project_priority"] == "time_critical")
                #expect(lco.requests.first { $0.path.hasPrefix("/mrc/") }?.authorization == "Token mrc-secret")
                #expect(lco.requests.first { $0.path.hasPrefix("/aro/") }?.authorization == "Token aro-secret")
                #expect(lco.requests.first { $0.path.hasPrefix("/eco/") }?.authorization == nil)
            }
        }
    }

    @Test("the timer imports every interval when PTR_LCO_URL is set", arguments: TestBackend.enabled)
    func timer(backend: TestBackend) async throws {
        try await withFakeLCO { lco, projects in
            try await withCalendar(backend, environment: lcoEnvironment(lco, projects, interval: 1)) { client async throws in
                var imported: [JSONValue] = []
                for _ in 0..<150 where imported.isEmpty {
                    try await Task.sleep(for: .milliseconds(100))
                    imported = try await client.siteEvents("mrc1", from: Self.window.from, to: Self.window.to)
                }
                #expect(client.ids(imported) == [Self.m31EventID])
                // A second round asks every WEMA's proxy again (and finds mrc up to date).
                let mrcRounds = { lco.requests.filter { $0.path == "/mrc/observation-portal/api/last_scheduled" }.count }
                for _ in 0..<150 where mrcRounds() < 4 { try await Task.sleep(for: .milliseconds(100)) }
                #expect(mrcRounds() >= 4)
            }
        }
    }

    @Test("two instances importing at once: one runs at a time", arguments: TestBackend.enabled)
    func singleRunner(backend: TestBackend) async throws {
        try await withFakeLCO { lco, projects in
            lco.state.withLock { $0.scheduleMode = .slow(.milliseconds(300)) }
            try await withTwoCalendars(backend, environment: lcoEnvironment(lco, projects)) { first, second in
                let messages = try await withThrowingTaskGroup(of: String.self) { group in
                    for client in [first, second, first, second] as [any TestClientProtocol] {
                        group.addTask { try await Self.importMRC1(client) }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(messages.filter { $0.hasPrefix("Updated") }.count == 1, "\(messages)")
                #expect(messages.filter { $0 == "Schedule for mrc1 is already up to date" }.count == 3, "\(messages)")
                #expect(lco.state.current.maximumInFlight == 1)
                #expect(try await first.siteEvents("mrc1", from: Self.window.from, to: Self.window.to).count == 1)
            }
        }
    }
}
