import Foundation
import HTTPTypes
import NIOCore
import PTRCore
import PTRTesting
import Testing

/// Hostile and malformed input: a clear 4xx and nothing stored.
@Suite struct PipeQueueBadInputTests {
    static let hostileNames = ["a/b", "a#b", "50%", "caf\u{E9}", "\u{1F52D}", "tab\there", "new\nline", String(repeating: "x", count: 10_240), " "]

    @Test("hostile queue names are refused and nothing is created", arguments: TestBackend.enabled)
    func hostileQueueNames(backend: TestBackend) async throws {
        try await withPipeQueue(backend) { client in
            for name in Self.hostileNames {
                let body = JSONValue.object(["queue_name": .string(name)]).jsonText
                let created = try await client.send(.post, "/api/pipe/queue", body: body)
                #expect(created.status == .badRequest, "\(name.prefix(20))")
                #expect(created.text.hasPrefix("Invalid queue_name"))
                #expect(try await client.send(.post, "/api/pipe/enqueue", body: body).status == .badRequest)
                let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                #expect(try await client.send(.get, "/api/pipe/queue/\(encoded)").status == .badRequest)
                #expect(try await client.send(.post, "/api/pipe/status", body: #"{"pipe_id": \#(JSONValue.string(name).jsonText), "status": "online"}"#).status == .badRequest)
            }
            #expect(try await client.send(.get, "/api/pipe/queues").json() == [:])
            #expect(try await client.send(.get, "/api/pipe/statuses").json() == [])
        }
    }

    @Test("wrong types, non-object bodies, invalid UTF-8, oversize payloads", arguments: TestBackend.enabled)
    func malformedBodies(backend: TestBackend) async throws {
        try await withPipeQueue(backend) { client in
            for body in [#"["q"]"#, #""q""#, "42", "null"] {
                let reply = try await client.send(.post, "/api/pipe/queue", body: body)
                #expect(reply.status == .badRequest, "\(body)")
                #expect(reply.text == "Request body must be a JSON object")
            }
            for body in [#"{"queue_name": ["q"]}"#, #"{"queue_name": {"a": 1}}"#, #"{"queue_name": true}"#] {
                let reply = try await client.send(.post, "/api/pipe/queue", body: body)
                #expect(reply.status == .badRequest)
                #expect(reply.text == "Invalid queue_name: expected a string")
            }
            // Invalid UTF-8 is not JSON: read as {} like any unparsable body.
            let invalid = ByteBuffer(bytes: Array(#"{"queue_name": "q"#.utf8) + [0xFF, 0xFE] + Array(#""}"#.utf8))
            let reply = try await client.send(.post, "/api/pipe/queue", bytes: invalid)
            #expect(reply.status == .badRequest)
            #expect(reply.text == "Missing required field: queue_name")

            _ = try await client.send(.post, "/api/pipe/queue", body: #"{"queue_name": "q"}"#)
            let big = JSONValue.object(["queue_name": "q", "payload": .string(String(repeating: "x", count: 500_000))]).jsonText
            let tooLarge = try await client.send(.post, "/api/pipe/enqueue", body: big)
            #expect(tooLarge.status == .contentTooLarge)
            #expect(tooLarge.text == "Request body is larger than 409600 bytes")
            let huge = try await client.send(.post, "/api/pipe/status", body: String(repeating: " ", count: 2 << 20))
            #expect(huge.status == .contentTooLarge)
            // A numeric name is taken as its text, as the original did.
            #expect(try await client.send(.post, "/api/pipe/queue", body: #"{"queue_name": 5}"#).json() == ["message": "Queue created: 5"])
            #expect(try await client.send(.get, "/api/pipe/queue/q").json() == [], "nothing was stored by the refused enqueue")
            #expect(try await client.send(.get, "/api/pipe/queues").json() == ["5": 0, "q": 0])
        }
    }
}
