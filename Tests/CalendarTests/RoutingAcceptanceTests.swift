import HTTPTypes
import PTRCore
import PTRTesting
import Testing

@testable import Calendar

/// spec/calendar.md §8 cases 1–4: routing and transport.
@Suite struct RoutingAcceptanceTests {
    @Test("1: OPTIONS preflight on newevent", arguments: TestBackend.enabled)
    func preflight(backend: TestBackend) async throws {
        try await withCalendar(backend) { client async throws in
            let reply = try await client.send(.options, "/calendar/newevent")
            #expect(reply.status == .ok)
            #expect(reply["Access-Control-Allow-Origin"] == "*")
            #expect(reply["Access-Control-Allow-Methods"]?.contains("POST") == true)
            #expect(reply["Access-Control-Allow-Headers"]?.contains("Authorization") == true)
            #expect(reply["Access-Control-Allow-Headers"]?.contains("Content-Type") == true)
        }
    }

    @Test("2: the same siteevents body under every prefix answers the same", arguments: TestBackend.enabled)
    func prefixes(backend: TestBackend) async throws {
        try await withCalendar(backend) { client async throws in
            #expect(try await client.newEvent(ev("e1", t("04:00"), t("05:00")), as: .a).status == .ok)
            let body = #"{"site":"mrc1","start":"2025-03-01T00:00:00Z","end":"2025-03-02T00:00:00Z"}"#
            var answers: [String] = []
            for path in ["/calendar/siteevents", "/siteevents", "/dev/siteevents", "//calendar//siteevents/"] {
                let reply = try await client.send(.post, path, body: body)
                #expect(reply.status == .ok, "\(path)")
                answers.append(reply.text)
            }
            #expect(Set(answers).count == 1)
            #expect(try JSONValue.parse(answers[0]).arrayValue?.count == 1)
        }
    }

    @Test("3: wrong method or unknown path → 403 Missing Authentication Token with CORS", arguments: TestBackend.enabled)
    func unknownRoutes(backend: TestBackend) async throws {
        try await withCalendar(backend) { client async throws in
            for (method, path) in [(HTTPRequest.Method.get, "/calendar/siteevents"), (.post, "/calendar/nosuch")] {
                let reply = try await client.send(method, path)
                #expect(reply.status == .forbidden)
                #expect(try reply.json() == ["message": "Missing Authentication Token"])
                #expect(reply["Access-Control-Allow-Origin"] == "*")
            }
        }
    }

    @Test("4: a body that is not a JSON object → 400 with CORS", arguments: TestBackend.enabled)
    func notAnObject(backend: TestBackend) async throws {
        try await withCalendar(backend) { client async throws in
            for body in ["not json", "[1,2]", ""] {
                let reply = try await client.send(.post, "/calendar/siteevents", body: body)
                #expect(reply.status == .badRequest)
                #expect(reply.text == "Error: request body must be a JSON object")
                #expect(reply["Access-Control-Allow-Origin"] == "*")
            }
        }
    }
}
