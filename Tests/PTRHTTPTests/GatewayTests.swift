import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PTRCore
import PTRHTTP
import PTRTesting
import Testing

/// The gateway conventions of spec/api.md §1–§2, on a small app with routes of its own.
@Suite struct GatewayTests {
    struct Boom: Error {}

    static func withApp(_ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await TestDatabase.with(.sqlite) { database in
            let app = try await ServiceApplication.build(configuration: try database.configuration(.jobs), migrations: []) { context in
                let routes = context.routes
                routes.post("/echo", summary: "Echo the body") { request, _ in .json(.object(try await request.jsonObject(.lenient(limit: 64)))) }
                routes.get("/text", summary: "A bare string") { _, _ in .text("https://example.org/file.fits") }
                routes.get("/items/:name", summary: "A path parameter") { _, context in .text(try context.pathParameter("name")) }
                routes.get("/boom", summary: "An unexpected error") { _, _ in throw Boom() }
                routes.post("/notes/:name", summary: "A documented route", pathParameters: ["name": JSONSchema.string(pattern: "^[a-z]+$")],
                            body: .required(JSONSchema.object(["text": JSONSchema.string()], required: ["text"])), authenticated: true,
                            responses: [200: .json("Stored", JSONSchema.message), 400: "Invalid name (text)"]) { _, _ in .json(["message": "ok"]) }
                return []
            }
            try await app.test(.router, test)
        }
    }

    @Test func prefixesSlashesAndTrailingSlash() async throws {
        try await Self.withApp { client in
            for path in ["/text", "/jobs/text", "/api/text", "/dev/text", "/test/text", "/jobs//text/", "//text//"] {
                let reply = try await client.send(.get, path)
                #expect(reply.status == .ok, "\(path)")
                #expect(reply.text == "https://example.org/file.fits", "a string body is sent verbatim")
                #expect(reply["Content-Type"] == "application/json")
            }
            #expect(try await client.send(.get, "/calendar/text").status == .forbidden, "another service's prefix is not ours")
        }
    }

    @Test func bodyIsJSONWhateverTheContentType() async throws {
        try await Self.withApp { client in
            for contentType in [nil, "text/plain", "application/json;charset=UTF-8", "application/x-www-form-urlencoded"] {
                var headers: HTTPFields = [:]
                if let contentType { headers[.contentType] = contentType }
                let reply = try await client.send(.post, "/jobs/echo", body: #"{"a": 1.0}"#, headers: headers)
                #expect(reply.text == #"{"a":1}"#)
            }
            #expect(try await client.send(.post, "/echo", body: "not json").text == "{}")
            #expect(try await client.send(.post, "/echo").text == "{}")
            let array = try await client.send(.post, "/echo", body: "[1]")
            #expect(array.status == .badRequest)
            #expect(array.text == "Request body must be a JSON object")
            let large = try await client.send(.post, "/echo", body: String(repeating: " ", count: 65))
            #expect(large.status == .contentTooLarge)
        }
    }

    @Test func unknownRoutesAndMethodsAre403WithCORS() async throws {
        try await Self.withApp { client in
            for (method, path) in [(HTTPRequest.Method.get, "/nothing"), (.delete, "/text"), (.post, "/items/x"), (.get, "/")] {
                let reply = try await client.send(method, path)
                #expect(reply.status == .forbidden)
                #expect(reply.text == #"{"message":"Missing Authentication Token"}"#)
                #expect(reply["Access-Control-Allow-Origin"] == "*")
                #expect(reply["Access-Control-Allow-Headers"] == "*")
            }
        }
    }

    @Test func preflightListsThePathsMethods() async throws {
        try await Self.withApp { client in
            let reply = try await client.send(.options, "/jobs/items/abc/", headers: [
                HTTPField.Name("Origin")!: "https://www.photonranch.org", HTTPField.Name("Access-Control-Request-Method")!: "GET",
            ])
            #expect(reply.status == .ok)
            #expect(reply.text.isEmpty)
            #expect(reply["Access-Control-Allow-Origin"] == "*")
            #expect(reply["Access-Control-Allow-Methods"] == "OPTIONS,GET")
            let allowed = try #require(reply["Access-Control-Allow-Headers"]).split(separator: ",")
            #expect(allowed.contains("Content-Type") && allowed.contains("Authorization"))
        }
    }

    @Test func pathParametersArePercentDecoded() async throws {
        try await Self.withApp { client in
            for (raw, decoded) in [("google-oauth2%7C123", "google-oauth2|123"), ("a%2Fb", "a/b"), ("%E2%9C%93", "✓")] {
                let reply = try await client.send(.get, "/items/\(raw)")
                #expect(reply.text == decoded)
            }
            let malformed = try await client.send(.get, "/items/%ZZ")
            #expect(malformed.status == .badRequest)
        }
    }

    @Test func unexpectedErrorsAre500JSONAndRequestIDsAreEchoed() async throws {
        try await Self.withApp { client in
            let boom = try await client.send(.get, "/boom", headers: [HTTPField.Name("X-Request-Id")!: "abc-123"])
            #expect(boom.status == .internalServerError)
            #expect(try boom.json() == ["message": "Internal server error"])
            #expect(boom["X-Request-Id"] == "abc-123")
            #expect(boom["Access-Control-Allow-Origin"] == "*")
            let generated = try #require(try await client.send(.get, "/text")["X-Request-Id"])
            #expect(UUID(uuidString: generated) != nil)
            let hostile = try await client.send(.get, "/text", headers: [HTTPField.Name("X-Request-Id")!: String(repeating: "x", count: 500)])
            #expect(hostile["X-Request-Id"]?.count == 36)
        }
    }

    @Test func operationsRoutes() async throws {
        try await Self.withApp { client in
            #expect(try await client.send(.get, "/health").json()["status"] == "ok")
            #expect(try await client.send(.get, "/ready").json() == ["status": "ready"])
            _ = try await client.send(.get, "/text")
            let metrics = try await client.send(.get, "/metrics")
            #expect(metrics["Content-Type"]?.hasPrefix("text/plain") == true)
            #expect(metrics.text.contains(#"http_requests_total{route="/text",method="GET",status="200"} 1"#))
            #expect(metrics.text.contains("http_request_duration_seconds_bucket"))
            let document = try await client.send(.get, "/openapi.json").json()
            #expect(document["openapi"] == "3.1.0")
            #expect(document["paths"]?["/items/{name}"]?["get"]?["parameters"]?.arrayValue?.first?["in"] == "path")
            #expect(document["paths"]?["/health"] != nil)
        }
    }

    @Test("the OpenAPI document lists every status a route answers, the gateway's included")
    func openAPIDocumentIsExact() async throws {
        try await Self.withApp { client in
            let document = try await client.send(.get, "/openapi.json").json()
            let notes = try #require(document["paths"]?["/notes/{name}"]?["post"])
            #expect(notes["parameters"]?.arrayValue?.first?["schema"]?["pattern"] == "^[a-z]+$")
            #expect(notes["requestBody"]?["required"] == true)
            #expect(notes["requestBody"]?["content"]?["application/json"]?["schema"]?["required"] == ["text"])
            #expect(notes["security"] == [["bearerAuth": []]])
            let responses = try #require(notes["responses"]?.objectValue)
            #expect(Array(responses.keys) == ["200", "400", "401", "403", "503"])
            #expect(responses["200"]?["content"]?["application/json"]?["schema"]?["required"] == ["message"])
            #expect(responses["400"]?["content"]?["application/json"]?["schema"] == nil, "a bare text has no JSON schema")
            #expect(responses["401"]?["content"]?["application/json"]?["schema"]?["required"] == ["message"])
            #expect(responses["503"]?["headers"]?["Retry-After"] != nil)
            let health = try #require(document["paths"]?["/health"]?["get"]?["responses"]?.objectValue)
            #expect(Array(health.keys) == ["200", "403"], "the operations routes answer while the database is away")
            #expect(document["paths"]?["/text"]?["get"]?["responses"]?["400"] == nil, "no path parameter, no 400 for one")
        }
    }

    @Test("the OpenAPI document passes openapi-spec-validator")
    func openAPIDocumentIsValid() async throws {
        try await Self.withApp { client in
            let document = try await client.send(.get, "/openapi.json").text
            try await OpenAPIValidator.validate(document)
        }
    }
}
