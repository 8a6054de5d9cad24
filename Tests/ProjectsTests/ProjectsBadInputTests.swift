import Foundation
import HTTPTypes
import HummingbirdTesting
import PTRCore
import PTRTesting
import Testing

/// spec/projects.md §7 cases 38–41 and §3.0/§5.3: transport conventions, and hostile or
/// malformed input answered with a clear 4xx while nothing changes.
@Suite struct ProjectsBadInputTests {
    static let created = "2025-03-01T00:00:00Z"
    static let routes = ["new-project", "modify-project", "get-project", "get-user-projects", "add-project-data", "add-project-event",
                         "delete-scheduler-projects"]

    @Test("38-40 preflight, unknown method 403, CORS and unquoted text on errors", arguments: TestBackend.enabled)
    func transport(backend: TestBackend) async throws {
        try await withProjects(backend) { harness in
            let client = harness.client
            let preflight = try await client.send(.options, "/projects/delete-project", headers: [
                HTTPField.Name("Origin")!: "https://www.photonranch.org", HTTPField.Name("Access-Control-Request-Headers")!: "authorization,content-type",
            ])
            #expect(preflight.status == .ok)
            #expect(preflight["Access-Control-Allow-Origin"] == "*")
            #expect(preflight["Access-Control-Allow-Headers"]?.contains("Authorization") == true)
            #expect(preflight["Access-Control-Allow-Headers"]?.contains("Content-Type") == true)
            #expect(preflight["Access-Control-Allow-Methods"]?.contains("POST") == true)

            let get = try await client.send(.get, "/projects/get-project")
            #expect(get.status == .forbidden)
            #expect(try get.json() == ["message": "Missing Authentication Token"])

            _ = try await client.ui("new-project", uiProject("a", Self.created, TestUser.a.sub))
            _ = try await client.ui("new-project", uiProject("b", Self.created, TestUser.a.sub))
            let rename = #"{"project_name":"a","created_at":"\#(Self.created)","project_changes":"# + uiProject("b", Self.created, "u").jsonText + "}"
            let errors = [
                try await client.obs("get-project", "{}"),
                try await client.ui("delete-project", ["project_name": "a", "created_at": .string(Self.created)], headers: try await TestUser.b.bearer()),
                try await client.project("zz", Self.created),
                try await client.obs("modify-project", rename),
                try await client.obs("new-project", String(repeating: " ", count: 500_000)),
            ]
            #expect(errors.map(\.status) == [.badRequest, .forbidden, .notFound, .conflict, .contentTooLarge])
            for reply in errors {
                #expect(reply["Access-Control-Allow-Origin"] == "*")
                #expect(reply["Access-Control-Allow-Credentials"] == "true")
                #expect(reply["Content-Type"] == "application/json")
                #expect(!reply.text.hasPrefix("\""), "unquoted: \(reply.text)")
            }
            // Stage prefixes, doubled and trailing slashes.
            for path in ["/get-all-projects", "/dev/get-all-projects", "/test/get-all-projects/", "/projects//get-all-projects"] {
                #expect(try await client.send(.post, path).status == .ok, "\(path)")
            }
        }
    }

    @Test("41 oversize bodies: 413 and nothing stored or changed", arguments: TestBackend.enabled)
    func oversize(backend: TestBackend) async throws {
        try await withProjects(backend) { harness in
            let client = harness.client
            var big = uiProject("big", Self.created, "u").objectValue!
            big["project_note"] = .string(String(repeating: "x", count: 500_000))
            let tooLarge = try await client.ui("new-project", .object(big))
            #expect(tooLarge.status == .contentTooLarge)
            #expect(tooLarge.text == "Error: request body too large")
            #expect(try await client.allProjects() == [])

            // A document that would grow past 400 KB through add-project-event is refused whole.
            var nearly = uiProject("near", Self.created, "u").objectValue!
            nearly["project_note"] = .string(String(repeating: "x", count: 400 * 1024 - 4_000))
            #expect(try await client.ui("new-project", .object(nearly)).status == .ok)
            let before = try await client.project("near", Self.created).text
            let event = JSONValue.object(["project_name": "near", "created_at": .string(Self.created), "event_id": .string(String(repeating: "e", count: 6_000))])
            let grown = try await client.obs("add-project-event", event.jsonText)
            #expect(grown.status == .contentTooLarge)
            #expect(grown.text == "Error: request body too large")
            #expect(try await client.project("near", Self.created).text == before)
        }
    }

    @Test("null, wrong types and non-object bodies on every route: 400 with a clear text, nothing changed", arguments: TestBackend.enabled)
    func wrongTypes(backend: TestBackend) async throws {
        try await withProjects(backend) { harness in
            let client = harness.client
            _ = try await client.obs("new-project", #"{"project_name":"p","created_at":"\#(Self.created)","user_id":"u","remaining":[1],"project_data":[[]],"scheduled_with_events":[]}"#)
            let before = try await client.allProjects()
            for route in Self.routes {
                for body in ["", "not json", "[1]", "\"x\"", "null", #"{"a": NaN}"#, #"{"a": Infinity}"#] {
                    let reply = try await client.obs(route, body)
                    #expect(reply.status == .badRequest, "\(route) \(body)")
                    #expect(reply.text == "Error: request body must be a JSON object", "\(route) \(body)")
                }
            }
            let cases: [(String, String, String)] = [
                ("new-project", #"{"project_name":"q","user_id":null,"created_at":"c"}"#, "Error: user_id must be a non-empty string"),
                ("new-project", #"{"project_name":"q","user_id":"u","created_at":["c"]}"#, "Error: created_at must be a non-empty string"),
                ("new-project", #"{"project_name":"\#(String(repeating: "n", count: 2049))","user_id":"u","created_at":"c"}"#, "Error: project_name is too long"),
                ("get-project", #"{"project_name":"p","created_at":null}"#, "Error: created_at must be a string"),
                ("get-project", #"{"project_name":"p\u0000","created_at":"c"}"#, "Error: project_name must not contain NUL characters"),
                ("get-user-projects", #"{"user_id":7}"#, #""Error: user_id must be a non-empty string""#),
                ("modify-project", #"{"project_name":"p","created_at":"\#(Self.created)"}"#, "Error: missing required key project_changes"),
                ("modify-project", #"{"project_name":null,"created_at":"\#(Self.created)","project_changes":{}}"#, "Error: project_name must be a string"),
                ("modify-project", #"{"project_name":"p","created_at":"\#(Self.created)","project_changes":[]}"#, "Error: project_changes must be a JSON object"),
                ("add-project-data", #"{"project_name":"p","created_at":"\#(Self.created)","exposure_index":null,"base_filename":"f"}"#, "Error: exposure_index must be a non-negative integer"),
                ("add-project-data", #"{"project_name":"p","created_at":"\#(Self.created)","exposure_index":0,"base_filename":null}"#, "Error: base_filename must be a string"),
                ("add-project-data", #"{"project_name":"p","created_at":1,"exposure_index":0,"base_filename":"f"}"#, "Error: created_at must be a string"),
                ("add-project-event", #"{"project_name":"p","created_at":"\#(Self.created)","event_id":null}"#, "Error: event_id must be a non-empty string"),
                ("add-project-event", #"{"project_name":"p","created_at":"\#(Self.created)","event_id":""}"#, "Error: event_id must be a non-empty string"),
                ("delete-scheduler-projects", #"{"project_ids":{"a":1}}"#, "Error: project_ids must be a list"),
                ("new-project", #"{"project_name":"q","user_id":"u","created_at":"c","big":123456789012345678901234567890}"#,
                 "Error: request body has an integer too large to store exactly"),
                ("new-project", String(repeating: "[", count: 40) + String(repeating: "]", count: 40), "Error: request body must be a JSON object"),
                ("new-project", #"{"project_name":"q","user_id":"u","created_at":"c","deep":"# + String(repeating: "[", count: 33) + String(repeating: "]", count: 33) + "}",
                 "Error: request body is nested too deeply"),
            ]
            for (route, body, text) in cases {
                let reply = try await client.obs(route, body)
                #expect(reply.status == .badRequest, "\(route) \(body.prefix(80))")
                #expect(reply.text == text, "\(route) \(body.prefix(80))")
            }
            let deleteWithoutBody = try await client.send(.post, "/projects/delete-project", headers: try await TestUser.a.bearer())
            #expect(deleteWithoutBody.text == "Error: request body must be a JSON object")
            #expect(try await client.allProjects() == before, "nothing changed")
        }
    }
}

@Suite struct ProjectsOpenAPITests {
    @Test func documentDescribesEveryRouteAndIsValid() async throws {
        try await withProjects(.sqlite) { harness in
            let text = try await harness.client.send(.get, "/projects/openapi.json").text
            try await OpenAPIValidator.validate(text)
            let paths = try #require(try JSONValue.parse(text)["paths"]?.objectValue)
            for route in ProjectsBadInputTests.routes + ["get-all-projects", "delete-project"] {
                #expect(paths["/\(route)"]?["post"] != nil, "\(route)")
            }
        }
    }
}
