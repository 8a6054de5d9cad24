import Foundation
import HTTPTypes
import HummingbirdTesting
import PTRCore
import PTRTesting
import Testing

@testable import Projects

/// spec/projects.md §7 cases 31–37: delete-project (the UI with its token) and its calendar
/// side effect, delete-scheduler-projects.
@Suite struct ProjectsDeleteTests {
    static let created = "2025-03-01T00:00:00Z"
    static let key: JSONValue = ["project_name": "d", "created_at": .string(created)]

    static func seed(_ client: any TestClientProtocol, events: JSONValue?, owner: TestUser = .a) async throws {
        var document = uiProject("d", created, owner.sub).objectValue!
        document["scheduled_with_events"] = events
        _ = try await client.ui("new-project", .object(document))
    }

    @Test("31-33 no token 401, another user 403 without calendar call, missing project 404, missing key", arguments: TestBackend.enabled)
    func refusals(backend: TestBackend) async throws {
        try await withProjects(backend) { harness in
            let client = harness.client
            try await Self.seed(client, events: ["e1"])
            let anonymous = try await client.ui("delete-project", Self.key)
            #expect(anonymous.status == .unauthorized)
            #expect(try anonymous.json() == ["message": "Unauthorized"])
            #expect(try await client.ui("delete-project", Self.key, headers: [.authorization: "Bearer undefined"]).status == .unauthorized)

            let stranger = try await client.ui("delete-project", Self.key, headers: try await TestUser.b.bearer())
            #expect(stranger.status == .forbidden)
            #expect(stranger.text == "You may only delete your own projects.")
            #expect(stranger["Access-Control-Allow-Origin"] == "*")
            #expect(try await client.project("d", Self.created).status == .ok)
            #expect(harness.calendar.calls.isEmpty)

            let tokenA = try await TestUser.a.bearer()
            let missing = try await client.ui("delete-project", ["project_name": "ghost", "created_at": .string(Self.created)], headers: tokenA)
            #expect(missing.status == .notFound)
            #expect(missing.text == "Project not found.")
            let noKey = try await client.ui("delete-project", ["project_name": "x"], headers: tokenA)
            #expect(noKey.status == .badRequest)
            #expect(noKey.text == "Error: missing required key created_at")
        }
    }

    @Test("34 owner deletes a project without scheduled_with_events: the calendar is still told its project_id", arguments: TestBackend.enabled)
    func ownerDeletes(backend: TestBackend) async throws {
        try await withProjects(backend) { harness in
            let client = harness.client
            try await Self.seed(client, events: nil)
            let reply = try await client.ui("delete-project", Self.key, headers: try await TestUser.a.bearer())
            #expect(reply.status == .ok)
            #expect(try reply.json()["ResponseMetadata"]?["HTTPStatusCode"] == 200)
            #expect(try await client.project("d", Self.created).status == .notFound)
            // Reservations may point at it through the calendar's add-projects-to-events alone.
            #expect(harness.calendar.calls.map(\.body) == [["events": [], "project_id": .string("d#\(Self.created)")]])
            // The second delete finds nothing.
            #expect(try await client.ui("delete-project", Self.key, headers: try await TestUser.a.bearer()).status == .notFound)
        }
    }

    @Test("admin deletes another user's project; the calendar is told its events and project_id", arguments: TestBackend.enabled)
    func adminDeletesAndDetaches(backend: TestBackend) async throws {
        try await withProjects(backend) { harness in
            try await Self.seed(harness.client, events: ["e1", "e2"], owner: .b)
            let reply = try await harness.client.ui("delete-project", Self.key, headers: try await TestUser.admin.bearer())
            #expect(reply.status == .ok)
            #expect(try await harness.client.project("d", Self.created).status == .notFound)
            let calls = harness.calendar.calls
            #expect(calls.count == 1)
            #expect(calls.first?.path == "/calendar/remove-project-from-events")
            #expect(calls.first?.body == ["events": ["e1", "e2"], "project_id": .string("d#\(Self.created)")])
        }
    }

    @Test("35 a failing or unreachable calendar does not fail the delete", arguments: TestBackend.enabled)
    func calendarFailure(backend: TestBackend) async throws {
        try await withProjects(backend, calendarStatus: .internalServerError) { harness in
            try await Self.seed(harness.client, events: ["e1"])
            let start = ContinuousClock.now
            #expect(try await harness.client.ui("delete-project", Self.key, headers: try await TestUser.a.bearer()).status == .ok)
            #expect(ContinuousClock.now - start < .seconds(6))
            #expect(harness.calendar.calls.count == 1)
            #expect(try await harness.client.project("d", Self.created).status == .notFound)
        }
        // Nothing listens on port 9 of loopback.
        try await withProjects(backend, calendarURL: "http://127.0.0.1:9/calendar") { harness in
            try await Self.seed(harness.client, events: ["e1"])
            #expect(try await harness.client.ui("delete-project", Self.key, headers: try await TestUser.a.bearer()).status == .ok)
            #expect(try await harness.client.project("d", Self.created).status == .notFound)
        }
    }

    @Test("36-37 delete-scheduler-projects deletes only LCO-origin projects, reports the rest", arguments: TestBackend.enabled)
    func schedulerProjects(backend: TestBackend) async throws {
        try await withProjects(backend) { harness in
            let client = harness.client
            for (name, origin) in [("L", "LCO"), ("U", "PTR")] {
                _ = try await client.obs("new-project", #"{"project_name":"\#(name)","created_at":"\#(Self.created)","user_id":"u","origin":"\#(origin)"}"#)
            }
            let l = "L#\(Self.created)", u = "U#\(Self.created)"
            let body: JSONValue = ["project_ids": [.string(l), .string(u), "missing#2025-01-01T00:00:00Z", "nohash", .string(l)]]
            let reply = try await client.obs("delete-scheduler-projects", body.jsonText)
            #expect(reply.status == .ok)
            #expect(reply.text == #"{"successful_delete_count":1,"failed_delete_count":4,"failed_ids":["\#(u)","missing#2025-01-01T00:00:00Z","nohash","\#(l)"],"message":"Delete finished"}"#)
            #expect(try await client.project("L", Self.created).status == .notFound)
            #expect(try await client.project("U", Self.created).status == .ok)

            let empty = try await client.obs("delete-scheduler-projects", "{}")
            #expect(try empty.json().sameValue(as: ["successful_delete_count": 0, "failed_delete_count": 0, "failed_ids": [], "message": "Delete finished"]))
            let single = try await client.obs("delete-scheduler-projects", #"{"project_ids":"U#\#(Self.created)"}"#)
            #expect(try single.json()["failed_ids"] == [.string(u)])
            let wrong = try await client.obs("delete-scheduler-projects", #"{"project_ids":5}"#)
            #expect(wrong.status == .badRequest)
            #expect(wrong.text == "Error: project_ids must be a list")
            let tooMany = JSONValue.object(["project_ids": .array(Array(repeating: "a#b", count: 1001))]).jsonText
            #expect(try await client.obs("delete-scheduler-projects", tooMany).status == .contentTooLarge)
        }
    }
}
