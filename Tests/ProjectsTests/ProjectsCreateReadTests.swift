import Foundation
import HTTPTypes
import HummingbirdTesting
import PTRCore
import PTRTesting
import Testing

/// spec/projects.md §7 cases 1–14: new-project, get-project and the two lists, sent as the
/// UI and the observatory send them.
@Suite struct ProjectsCreateReadTests {
    static let day = "2025-03-01T00:00:00Z"

    @Test("1-4 new-project: required keys in order, their types, non-object bodies", arguments: TestBackend.enabled)
    func newProjectValidation(backend: TestBackend) async throws {
        try await withProjects(backend) { harness in
            let client = harness.client
            for (body, text) in [("{}", "Error: missing required key project_name"),
                                 (#"{"project_name":"x"}"#, "Error: missing required key user_id"),
                                 (#"{"project_name":"x","user_id":"u"}"#, "Error: missing required key created_at")] {
                let reply = try await client.obs("new-project", body)
                #expect(reply.status == .badRequest)
                #expect(reply.text == text)
                #expect(reply["Access-Control-Allow-Origin"] == "*")
            }
            for bad in ["null", #""""#, "5"] {
                let reply = try await client.obs("new-project", #"{"project_name":\#(bad),"user_id":"u","created_at":"\#(Self.day)"}"#)
                #expect(reply.status == .badRequest, "\(bad)")
                #expect(reply.text == "Error: project_name must be a non-empty string")
            }
            for body in ["not json", "", "[1,2]"] {
                let reply = try await client.obs("new-project", body)
                #expect(reply.status == .badRequest, "\(body)")
                #expect(reply.text == "Error: request body must be a JSON object")
            }
            #expect(try await client.allProjects() == [])
        }
    }

    @Test("5-7 new-project: UI create, upsert replaces wholesale, extra keys kept and nothing added", arguments: TestBackend.enabled)
    func newProject(backend: TestBackend) async throws {
        try await withProjects(backend) { harness in
            let client = harness.client
            let created = try await client.ui("new-project", uiProject("t5", Self.day, TestUser.a.sub))
            #expect(created.status == .ok)
            let answer = try created.json()
            #expect(answer["table_response"]?["ResponseMetadata"]?["HTTPStatusCode"] == 200)
            #expect(answer["new_project"]?["project_name"] == "t5")
            #expect(try await client.project("t5", Self.day).json() == uiProject("t5", Self.day, TestUser.a.sub))

            #expect(try await client.obs("new-project", #"{"project_name":"t6","created_at":"\#(Self.day)","user_id":"u","v":1,"old":true}"#).status == .ok)
            #expect(try await client.obs("new-project", #"{"project_name":"t6","created_at":"\#(Self.day)","user_id":"u","v":2}"#).status == .ok)
            #expect(try await client.project("t6", Self.day).json() == ["created_at": .string(Self.day), "project_name": "t6", "user_id": "u", "v": 2])

            let extra = #"{"project_name":"t7","created_at":"\#(Self.day)","user_id":"u","foo":{"bar":[1,"2",null]}}"#
            #expect(try await client.obs("new-project", extra).status == .ok)
            let stored = try await client.project("t7", Self.day).json()
            #expect(stored["foo"] == ["bar": [1, "2", nil]])
            for key in ["exposures", "remaining", "project_data", "scheduled_with_events"] { #expect(stored[key] == nil) }
        }
    }

    @Test("8-9 get-project: 404 text, key checks", arguments: TestBackend.enabled)
    func getProject(backend: TestBackend) async throws {
        try await withProjects(backend) { harness in
            let client = harness.client
            for createdAt in ["2025-01-01T00:00:00Z", ""] {
                let reply = try await client.project("nosuch", createdAt)
                #expect(reply.status == .notFound)
                #expect(reply.text == "Project not found.")
                #expect(reply["Content-Type"] == "application/json")
            }
            let missing = try await client.obs("get-project", #"{"project_name":"t5"}"#)
            #expect(missing.status == .badRequest)
            #expect(missing.text == "Error: missing required key created_at")
            let wrongType = try await client.obs("get-project", #"{"project_name":5,"created_at":"x"}"#)
            #expect(wrongType.status == .badRequest)
            #expect(wrongType.text == "Error: project_name must be a string")
        }
    }

    @Test("11-13 get-user-projects: quoted errors, order, Bearer undefined, top-level user_id only", arguments: TestBackend.enabled)
    func userProjects(backend: TestBackend) async throws {
        try await withProjects(backend) { harness in
            let client = harness.client
            let missing = try await client.ui("get-user-projects", [:])
            #expect(missing.status == .badRequest)
            #expect(missing.text == #""Error: missing required key user_id""#)
            let empty = try await client.ui("get-user-projects", ["user_id": ""])
            #expect(empty.text == #""Error: user_id must be a non-empty string""#)

            try await Self.createThree(client)
            var mixed = uiProject("u4", "2025-03-03T00:00:00Z", TestUser.a.sub).objectValue!
            mixed["project_creator"] = ["username": "b", "user_id": .string(TestUser.b.sub)]
            _ = try await client.ui("new-project", .object(mixed))

            let undefined: HTTPFields = [.authorization: "Bearer undefined"]
            let listA = try await client.ui("get-user-projects", ["user_id": .string(TestUser.a.sub)], headers: undefined)
            #expect(listA.status == .ok)
            #expect(try listA.json().arrayValue?.map { $0["project_name"] } == ["u2", "u1", "u4"])
            let listB = try await client.ui("get-user-projects", ["user_id": .string(TestUser.b.sub)], headers: try await TestUser.b.bearer())
            #expect(try listB.json().arrayValue?.map { $0["project_name"] } == ["u3"])
            #expect(try await client.ui("get-user-projects", ["user_id": "google-oauth2|nobody"]).json() == [])
        }
    }

    @Test("14 get-all-projects: never reads the body, any token, empty store", arguments: TestBackend.enabled)
    func allProjects(backend: TestBackend) async throws {
        try await withProjects(backend) { harness in
            let client = harness.client
            #expect(try await client.send(.post, "/projects/get-all-projects").json() == [])
            try await Self.createThree(client)
            let expected = ["u2", "u3", "u1"].map { JSONValue.string($0) }
            let withToken = try await client.ui("get-all-projects", [:], headers: try await TestUser.a.bearer())
            #expect(withToken.status == .ok)
            #expect(try withToken.json().arrayValue?.map { $0["project_name"]! } == expected)
            #expect(try withToken.json().arrayValue?.first == uiProject("u2", "2025-03-01T00:00:00Z", TestUser.a.sub))
            let variants: [(String, HTTPFields)] = [("garbage", [:]), ("", [.authorization: "Bearer undefined"]), ("[1]", [.contentType: "text/plain"])]
            for (body, headers) in variants {
                let reply = try await client.send(.post, "/projects/get-all-projects", body: body, headers: headers)
                #expect(reply.status == .ok)
                #expect(try reply.json().arrayValue?.map { $0["project_name"]! } == expected)
            }
        }
    }

    /// u1, u2 of user A and u3 of user B (spec case 12).
    static func createThree(_ client: any TestClientProtocol) async throws {
        for (name, createdAt, user) in [("u1", "2025-03-02T00:00:00Z", TestUser.a), ("u2", "2025-03-01T00:00:00Z", .a), ("u3", "2025-03-01T12:00:00Z", .b)] {
            let reply = try await client.ui("new-project", uiProject(name, createdAt, user.sub))
            guard reply.status == .ok else { throw TestSetupError("new-project \(name): \(reply.status) \(reply.text)") }
        }
    }
}
