import Foundation
import HummingbirdTesting
import PTRCore
import PTRTesting
import Testing

/// spec/projects.md §7 cases 15–23: add-project-data as the observatory sends it, add-project-event.
@Suite struct ProjectsProgressTests {
    static let created = "2025-03-01T00:00:00Z"

    /// A project named `name` with `extra` keys, created by a raw new-project.
    static func seed(_ client: any TestClientProtocol, _ name: String, _ extra: String) async throws {
        let reply = try await client.obs("new-project", #"{"project_name":"\#(name)","created_at":"\#(created)","user_id":"u",\#(extra)}"#)
        guard reply.status == .ok else { throw TestSetupError("seed \(name): \(reply.status) \(reply.text)") }
    }

    static func data(_ name: String, _ index: String, _ filename: String = #""mrc1-sq01-20250301-00000001""#) -> String {
        #"{"project_name":"\#(name)","created_at":"\#(created)","exposure_index":\#(index),"base_filename":\#(filename)}"#
    }

    @Test("15-16 add-project-data: appends, counts down (strings become integers), no floor, not idempotent", arguments: TestBackend.enabled)
    func addData(backend: TestBackend) async throws {
        try await withProjects(backend) { harness in
            let client = harness.client
            try await Self.seed(client, "p", #""exposures":[{"count":3},{"count":"2"}],"remaining":[3,"2"],"project_data":[[],[]]"#)
            let reply = try await client.obs("add-project-data", Self.data("p", "1"))
            #expect(reply.status == .ok)
            #expect(try reply.json() == ["message": "success"])
            let stored = try await client.project("p", Self.created).json()
            #expect(stored["project_data"] == [[], ["mrc1-sq01-20250301-00000001"]])
            #expect(stored["remaining"] == [3, 1])

            try await Self.seed(client, "once", #""remaining":[1],"project_data":[[]]"#)
            for _ in 0..<2 { #expect(try await client.obs("add-project-data", Self.data("once", "0", #""f""#)).status == .ok) }
            let twice = try await client.project("once", Self.created).json()
            #expect(twice["project_data"] == [["f", "f"]])
            #expect(twice["remaining"] == [-1])
        }
    }

    @Test("17-20 add-project-data: bad index, missing filename, unknown project, unconvertible remaining", arguments: TestBackend.enabled)
    func addDataRefusals(backend: TestBackend) async throws {
        try await withProjects(backend) { harness in
            let client = harness.client
            try await Self.seed(client, "p", #""remaining":[3,2],"project_data":[[],[]]"#)
            let before = try await client.project("p", Self.created).text
            let range = try await client.obs("add-project-data", Self.data("p", "2"))
            #expect(range.status == .badRequest)
            #expect(range.text == "Error: exposure_index out of range")
            for index in ["-1", #""0""#, "true", "0.5", "null"] {
                let reply = try await client.obs("add-project-data", Self.data("p", index))
                #expect(reply.status == .badRequest, "\(index)")
                #expect(reply.text == "Error: exposure_index must be a non-negative integer")
            }
            let noFile = try await client.obs("add-project-data", #"{"project_name":"p","created_at":"\#(Self.created)","exposure_index":0}"#)
            #expect(noFile.text == "Error: missing required key base_filename")
            #expect(try await client.obs("add-project-data", Self.data("p", "0", "7")).text == "Error: base_filename must be a string")
            #expect(try await client.project("p", Self.created).text == before, "unchanged")

            let unknown = try await client.obs("add-project-data", Self.data("ghost", "0"))
            #expect(unknown.status == .notFound)
            #expect(unknown.text == "Project not found.")
            #expect(try await client.allProjects().map { $0["project_name"] } == ["p"], "no stub created")

            try await Self.seed(client, "n", #""remaining":[null],"project_data":[[]]"#)
            let stuck = try await client.project("n", Self.created).text
            let conflict = try await client.obs("add-project-data", Self.data("n", "0"))
            #expect(conflict.status == .conflict)
            #expect(conflict.text == "Error: project data at exposure_index 0 cannot be updated")
            #expect(try await client.project("n", Self.created).text == stuck)
        }
    }

    @Test("Python int() conversion of remaining", arguments: TestBackend.enabled)
    func remainingConversion(backend: TestBackend) async throws {
        try await withProjects(backend) { harness in
            let client = harness.client
            try await Self.seed(client, "c", #""remaining":[" 7 ",2.9,true,"-3","3.0",""],"project_data":[[],[],[],[],[],[]]"#)
            for index in 0..<4 { #expect(try await client.obs("add-project-data", Self.data("c", "\(index)")).status == .ok) }
            for index in 4..<6 { #expect(try await client.obs("add-project-data", Self.data("c", "\(index)")).status == .conflict) }
            #expect(try await client.project("c", Self.created).json()["remaining"] == [6, 1, 0, -4, "3.0", ""])
        }
    }

    @Test("21-23 add-project-event: idempotent, unknown project, missing id, 10 concurrent ids", arguments: TestBackend.enabled)
    func addEvent(backend: TestBackend) async throws {
        try await withProjects(backend) { harness in
            let client = harness.client
            try await Self.seed(client, "e", #""scheduled_with_events":[]"#)
            let event = #"{"project_name":"e","created_at":"\#(Self.created)","event_id":"ev-1"}"#
            let first = try await client.obs("add-project-event", event)
            #expect(first.status == .ok)
            #expect(first.text == "Successfully associated event with project.")
            let again = try await client.obs("add-project-event", event)
            #expect(again.status == .ok)
            #expect(again.text == "Event already associated with this project")
            #expect(try await client.project("e", Self.created).json()["scheduled_with_events"] == ["ev-1"])

            let unknown = try await client.obs("add-project-event", #"{"project_name":"x","created_at":"y","event_id":"ev"}"#)
            #expect(unknown.status == .notFound)
            #expect(unknown.text == "Project not found.")
            let missing = try await client.obs("add-project-event", #"{"project_name":"e","created_at":"\#(Self.created)"}"#)
            #expect(missing.text == "Error: missing required key event_id")

            // A document without the list gets it created.
            try await Self.seed(client, "bare", #""v":1"#)
            #expect(try await client.obs("add-project-event", #"{"project_name":"bare","created_at":"\#(Self.created)","event_id":"z"}"#).status == .ok)
            #expect(try await client.project("bare", Self.created).json()["scheduled_with_events"] == ["z"])

            try await Self.seed(client, "many", #""scheduled_with_events":[]"#)
            let replies = try await withThrowingTaskGroup(of: TestReply.self) { group in
                for n in 0..<10 {
                    group.addTask { try await client.obs("add-project-event", #"{"project_name":"many","created_at":"\#(Self.created)","event_id":"id-\#(n)"}"#) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.allSatisfy { $0.status == .ok })
            let ids = try await client.project("many", Self.created).json()["scheduled_with_events"]?.arrayValue ?? []
            #expect(ids.count == 10)
            #expect(Set(ids) == Set((0..<10).map { JSONValue.string("id-\($0)") }))
        }
    }
}
