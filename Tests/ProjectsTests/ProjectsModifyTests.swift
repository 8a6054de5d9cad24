import Foundation
import HummingbirdTesting
import PTRCore
import PTRTesting
import Testing

@testable import Projects

/// spec/projects.md §7 cases 24–30: modify-project as the UI's edit form sends it.
@Suite struct ProjectsModifyTests {
    static let created = "2025-03-01T00:00:00Z"

    static func modify(_ client: any TestClientProtocol, _ name: String, _ changes: JSONValue) async throws -> TestReply {
        try await client.ui("modify-project", ["project_name": .string(name), "created_at": .string(created), "project_changes": changes])
    }

    /// The UI's `projectToSend`: a whole new document with `created_at` "now".
    static func changes(from document: JSONValue, _ edits: JSONObject = [:]) -> JSONValue {
        var object = document.objectValue!
        object["created_at"] = "2030-01-01T00:00:00Z"
        for (key, value) in edits { object[key] = value }
        return .object(object)
    }

    @Test("24-25 unknown project, missing keys", arguments: TestBackend.enabled)
    func refusals(backend: TestBackend) async throws {
        try await withProjects(backend) { harness in
            let client = harness.client
            let document = uiProject("m", Self.created, TestUser.a.sub)
            let unknown = try await Self.modify(client, "ghost", Self.changes(from: document))
            #expect(unknown.status == .ok)
            #expect(try unknown.json().sameValue(as: ["is_successful": false, "description": "The requested project does not exist.", "updated_project": []]))

            _ = try await client.ui("new-project", document)
            let noChanges = try await client.ui("modify-project", ["project_name": "m", "created_at": .string(Self.created)])
            #expect(noChanges.status == .badRequest)
            #expect(noChanges.text == "Error: missing required key project_changes")
            var partial = document.objectValue!
            partial["project_priority"] = nil
            partial["project_note"] = "changed"
            let missing = try await Self.modify(client, "m", .object(partial))
            #expect(missing.status == .badRequest)
            #expect(missing.text == "Error: missing required key project_changes.project_priority")
            let notObject = try await Self.modify(client, "m", "x")
            #expect(notObject.text == "Error: project_changes must be a JSON object")
            let badExposures = try await Self.modify(client, "m", Self.changes(from: document, ["exposures": [["filter": "Lum"]]]))
            #expect(badExposures.text == "Error: project_changes.exposures is invalid")
            #expect(try await client.project("m", Self.created).json() == document, "stored project unchanged")
        }
    }

    @Test("26 only the listed keys change; identity, owner, origin, top-level dates, extra keys kept", arguments: TestBackend.enabled)
    func unlistedFields(backend: TestBackend) async throws {
        try await withProjects(backend) { harness in
            let client = harness.client
            var stored = uiProject("m", Self.created, TestUser.a.sub).objectValue!
            stored["note2"] = 1
            _ = try await client.ui("new-project", .object(stored))
            let reply = try await Self.modify(client, "m", Self.changes(from: .object(stored), [
                "project_note": "changed", "user_id": "x", "origin": "LCO", "start_date": "2030-01-01T00:00:00+00:00", "foo": 1,
                "project_constraints": ["start_date": "2030-01-01T00:00:00.000Z"],
            ]))
            #expect(reply.status == .ok)
            #expect(try reply.json()["is_successful"] == true)
            #expect(try reply.json()["description"] == "Project has been updated.")
            #expect(try reply.json()["updated_project"]?["ResponseMetadata"]?["HTTPStatusCode"] == 200)
            let after = try await client.project("m", Self.created).json()
            #expect(after["project_note"] == "changed")
            #expect(after["created_at"] == .string(Self.created))
            #expect(after["user_id"] == .string(TestUser.a.sub))
            #expect(after["origin"] == "PTR")
            #expect(after["start_date"] == "2025-03-01T04:00:00+00:00")
            #expect(after["project_constraints"] == ["start_date": "2030-01-01T00:00:00.000Z"])
            #expect(after["note2"] == 1)
            #expect(after["foo"] == nil)
            #expect(try await client.project("m", "2030-01-01T00:00:00Z").status == .notFound)
        }
    }

    @Test("27-28 progress carried over only for unchanged exposures, key order and number form ignored", arguments: TestBackend.enabled)
    func progressCarryOver(backend: TestBackend) async throws {
        try await withProjects(backend) { harness in
            let client = harness.client
            let e1: JSONValue = ["filter": "Lum", "exposure": 0.1, "count": 2], e2: JSONValue = ["filter": "R", "exposure": 30, "count": 1]
            var stored = uiProject("m", Self.created, TestUser.a.sub).objectValue!
            stored["exposures"] = [e1, e2]
            stored["project_data"] = [["a"], ["b", "c"]]
            stored["remaining"] = [4, 1]
            _ = try await client.ui("new-project", .object(stored))

            // E1 sent back with other key order and 2.0 for 2 (the raw text, so the form survives).
            let reordered = #"{"project_name":"m","created_at":"\#(Self.created)","project_changes":"#
                + Self.changes(from: .object(stored)).jsonText.replacingOccurrences(of: e1.jsonText, with: #"{"count":2.0,"filter":"Lum","exposure":0.10}"#) + "}"
            #expect(reordered.contains(#""count":2.0"#))
            #expect(try await client.send(.post, "/projects/modify-project", body: reordered).status == .ok)
            let same = try await client.project("m", Self.created).json()
            #expect(same["project_data"] == [["a"], ["b", "c"]])
            #expect(same["remaining"] == [4, 1])

            var e1Changed = e1.objectValue!
            e1Changed["count"] = "5"
            let e3: JSONValue = ["filter": "B", "exposure": 10, "count": 2]
            let reply = try await Self.modify(client, "m", Self.changes(from: .object(stored), ["exposures": [e2, e3, .object(e1Changed)]]))
            #expect(reply.status == .ok)
            let after = try await client.project("m", Self.created).json()
            #expect(after["project_data"] == [["b", "c"], [], []])
            #expect(after["remaining"] == [1, 2, "5"])
        }
    }

    @Test("29-30 empty new name refused; rename moves; rename onto an existing project is 409", arguments: TestBackend.enabled)
    func renames(backend: TestBackend) async throws {
        try await withProjects(backend) { harness in
            let client = harness.client
            let first = uiProject("one", Self.created, TestUser.a.sub), second = uiProject("two", Self.created, TestUser.a.sub)
            _ = try await client.ui("new-project", first)
            _ = try await client.ui("new-project", second)

            let empty = try await Self.modify(client, "one", Self.changes(from: first, ["project_name": ""]))
            #expect(empty.status == .badRequest)
            #expect(empty.text == "Error: project_changes.project_name must be a non-empty string")
            #expect(try await client.project("one", Self.created).json() == first)

            let clash = try await Self.modify(client, "one", Self.changes(from: first, ["project_name": "two", "project_note": "x"]))
            #expect(clash.status == .conflict)
            #expect(clash.text == "Error: a project with this name and created_at already exists")
            #expect(try await client.project("one", Self.created).json() == first)
            #expect(try await client.project("two", Self.created).json() == second)

            let moved = try await Self.modify(client, "one", Self.changes(from: first, ["project_name": "three"]))
            #expect(try moved.json()["is_successful"] == true)
            #expect(try await client.project("one", Self.created).status == .notFound)
            #expect(try await client.project("three", Self.created).json()["project_name"] == "three")
            #expect(try await client.allProjects().map { $0["project_name"] } == ["three", "two"])
        }
    }
}
