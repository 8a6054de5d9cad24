import Foundation
import PTRCore
import PTRTesting
import Testing

@testable import Calendar

/// spec/calendar.md §8 cases 33–34 and `full_project_details` (§3.4).
@Suite struct EventProjectAcceptanceTests {
    @Test("33: add-projects-to-events updates existing events only", arguments: TestBackend.enabled)
    func addProject(backend: TestBackend) async throws {
        try await withCalendar(backend) { client async throws in
            #expect(try await client.newEvent(ev("E2", t("03:00"), t("05:00")), as: .a).status == .ok)
            let before = try #require(try await client.siteEvents().first?.objectValue)
            let reply = try await client.send(.post, "/calendar/add-projects-to-events", body: """
                {"project_id": "M31#2025-01-01T00:00:00Z", "events": [{"event_id": "E2", "start": "\(t("03:00"))"},
                 {"event_id": "ghost", "start": "2025-01-01T00:00:00Z"}]}
                """, headers: [.contentType: "application/json"])
            #expect(reply.status == .ok)
            #expect(try reply.json().arrayValue?.map { $0["updated"] } == [true, false])
            var expected = before
            expected["project_id"] = "M31#2025-01-01T00:00:00Z"
            #expect(try await client.siteEvents() == [normalized(.object(expected))])
            #expect(try await client.siteEvents(from: "2025-01-01T00:00:00Z", to: "2025-12-31T00:00:00Z").count == 1)
        }
    }

    @Test("33b: an invalid element changes nothing", arguments: TestBackend.enabled)
    func addProjectInvalid(backend: TestBackend) async throws {
        try await withCalendar(backend) { client async throws in
            #expect(try await client.newEvent(ev("E2", t("03:00"), t("05:00")), as: .a).status == .ok)
            let before = try await client.siteEvents()
            let reply = try await client.send(.post, "/calendar/add-projects-to-events",
                                              body: #"{"project_id": "M31#x", "events": [{"event_id": "E2", "start": "2025-03-01T03:00:00Z"}, {"event_id": "E3"}]}"#)
            #expect(reply.status == .badRequest)
            #expect(reply.text == "Error: missing required key start")
            #expect(try await client.siteEvents() == before)
            for (body, text) in [(#"{"events": []}"#, "Error: missing required key project_id"), (#"{"project_id": "x"}"#, "Error: missing required key events"),
                                 (#"{"project_id": "x", "events": {}}"#, "Error: events must be an array")] {
                let bad = try await client.send(.post, "/calendar/add-projects-to-events", body: body)
                #expect(bad.status == .badRequest)
                #expect(bad.text == text)
            }
        }
    }

    @Test("34: remove-project-from-events detaches, optionally only from one project", arguments: TestBackend.enabled)
    func removeProject(backend: TestBackend) async throws {
        try await withCalendar(backend) { client async throws in
            var event = try #require(ev("E2", t("03:00"), t("05:00")).objectValue)
            event["project_id"] = "M31#2025-01-01T00:00:00Z"
            #expect(try await client.newEvent(.object(event), as: .a).status == .ok)
            let other = try await client.send(.post, "/calendar/remove-project-from-events", body: #"{"events": ["E2"], "project_id": "other#2025-01-01T00:00:00Z"}"#)
            #expect(other.status == .ok)
            #expect(other.text == "Success")
            #expect(try await client.siteEvents().first?["project_id"] == "M31#2025-01-01T00:00:00Z")
            let reply = try await client.send(.post, "/calendar/remove-project-from-events", body: #"{"events": ["E2", "unknown-id"]}"#)
            #expect(reply.status == .ok)
            #expect(reply.text == "Success")
            let stored = try #require(try await client.siteEvents().first)
            #expect(stored["project_id"] == "none")
            #expect(stored["title"] == "Jane Doe")
            #expect(try await client.send(.post, "/calendar/remove-project-from-events", body: #"{"events": []}"#).text == "Success")
            let missing = try await client.send(.post, "/calendar/remove-project-from-events", body: #"{}"#)
            #expect(missing.status == .badRequest)
            #expect(missing.text == "Error: missing required key events")
        }
    }

    @Test("34c: with a project_id, every event pointing at that project is detached, listed or not", arguments: TestBackend.enabled)
    func removeProjectByID(backend: TestBackend) async throws {
        try await withCalendar(backend) { client async throws in
            let m31 = "M31#2025-01-01T00:00:00Z", m42 = "M42#2025-01-01T00:00:00Z"
            // E1 names M31 when created; E2 (twice, two starts) is attached by add-projects-to-events; E3 and E4 belong to M42.
            for (id, start, project) in [("E1", "01:00", m31), ("E2", "02:00", "none"), ("E2", "03:00", "none"), ("E3", "04:00", m42), ("E4", "05:00", m42)] {
                var event = try #require(ev(id, t(start), t(start.replacingOccurrences(of: ":00", with: ":30"))).objectValue)
                event["project_id"] = .string(project)
                #expect(try await client.newEvent(.object(event), as: .a).status == .ok)
            }
            let attached = try await client.send(.post, "/calendar/add-projects-to-events", body: """
                {"project_id": "\(m31)", "events": [{"event_id": "E2", "start": "\(t("02:00"))"}, {"event_id": "E2", "start": "\(t("03:00"))"}]}
                """)
            #expect(try attached.json().arrayValue?.map { $0["updated"] } == [true, true])
            // The list names E1 and E3 (a clone's stale list); odd elements are not read.
            let reply = try await client.send(.post, "/calendar/remove-project-from-events", body: #"{"events": ["E1", "E3", 7], "project_id": "\#(m31)"}"#)
            #expect(reply.status == .ok)
            #expect(reply.text == "Success")
            let events = try await client.siteEvents()
            #expect(events.map { "\($0["event_id"]?.stringValue ?? "?") \($0["project_id"]?.stringValue ?? "?")" }
                    == ["E1 none", "E2 none", "E2 none", "E3 \(m42)", "E4 \(m42)"])
            #expect(events.first?["title"] == "Jane Doe")
            // A NUL no stored project id holds (Postgres refuses it in text): nothing to detach.
            let hostile = try await client.send(.post, "/calendar/remove-project-from-events", body: #"{"events": [], "project_id": "\#(m42)\u0000"}"#)
            #expect(hostile.status == .ok)
            #expect(try await client.siteEvents().map { $0["project_id"]?.stringValue ?? "?" } == ["none", "none", "none", m42, m42])
        }
    }

    @Test("full_project_details adds the project, or \"Project not found.\"", arguments: TestBackend.enabled)
    func projectDetails(backend: TestBackend) async throws {
        try await withFakeLCO { lco, projects in
            projects.state.withLock { $0.projects["M31#2025-01-01T00:00:00Z"] = ["project_name": "M31", "created_at": "2025-01-01T00:00:00Z"] }
            try await withCalendar(backend, environment: ["PTR_PROJECTS_URL": projects.url]) { client async throws in
                for (id, start, project) in [("p1", "01:00", "M31#2025-01-01T00:00:00Z"), ("p2", "02:00", "M31#2025-01-01T00:00:00Z"),
                                             ("p3", "03:00", "nohash"), ("p4", "04:00", "none")] {
                    var event = try #require(ev(id, t(start), t(start.replacingOccurrences(of: ":00", with: ":30"))).objectValue)
                    event["project_id"] = .string(project)
                    #expect(try await client.newEvent(.object(event), as: .a).status == .ok)
                }
                let reply = try await client.send(.post, "/calendar/siteevents",
                                                  body: #"{"site":"mrc1","start":"2025-03-01T00:00:00Z","end":"2025-03-02T00:00:00Z","full_project_details":true}"#)
                let events = try #require(try reply.json().arrayValue)
                let m31 = normalized(["project_name": "M31", "created_at": "2025-01-01T00:00:00Z"])
                #expect(events.map { $0["project"] } == [m31, m31, "Project not found.", nil])
                #expect(projects.calls("/get-project") == [m31], "identical ids asked once")
            }
        }
    }
}
