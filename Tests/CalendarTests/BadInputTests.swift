import Foundation
import PTRCore
import PTRTesting
import Testing

@testable import Calendar

/// The limits of spec/calendar.md §6.3 and malformed bodies: a clear 4xx, nothing changed.
@Suite struct BadInputTests {
    static let routes = ["newevent", "modifyevent", "delete", "siteevents", "get-event-at-time", "user-events-ending-after-time",
                         "is-user-scheduled", "does-conflicting-event-exist", "add-projects-to-events", "remove-project-from-events",
                         "scheduler-observations"]

    @Test("malformed bodies on every POST route → 400, with a token or without", arguments: TestBackend.enabled)
    func malformed(backend: TestBackend) async throws {
        try await withCalendar(backend) { client async throws in
            let headers = try await TestUser.admin.bearer()
            for route in Self.routes {
                for body in ["", "not json", "[1]", "\"text\"", "42", "{\"a\": }"] {
                    let reply = try await client.send(.post, "/calendar/\(route)", body: body, headers: headers)
                    #expect(reply.status == .badRequest, "\(route) \(body)")
                    #expect(reply.text == "Error: request body must be a JSON object", "\(route) \(body)")
                }
            }
        }
    }

    @Test("over 400 KB → 413; nesting beyond 32 → 400; nothing stored", arguments: TestBackend.enabled)
    func sizeAndNesting(backend: TestBackend) async throws {
        try await withCalendar(backend) { client async throws in
            var big = try #require(ev("e1", t("04:00"), t("05:00")).objectValue)
            big["reservation_note"] = .string(String(repeating: "x", count: 410 * 1024))
            let tooLarge = try await client.newEvent(.object(big), as: .a)
            #expect(tooLarge.status == .contentTooLarge)
            #expect(tooLarge.text == "Error: request body too large")
            var deep = try #require(ev("e1", t("04:00"), t("05:00")).objectValue)
            deep["meta"] = (0..<40).reduce(JSONValue.null) { inner, _ in [inner] }
            let tooDeep = try await client.newEvent(.object(deep), as: .a)
            #expect(tooDeep.status == .badRequest)
            #expect(tooDeep.text == "Error: JSON nesting is deeper than 32 levels")
            #expect(try await client.siteEvents().isEmpty)
            deep["meta"] = (0..<20).reduce(JSONValue.null) { inner, _ in [inner] }
            #expect(try await client.newEvent(.object(deep), as: .a).status == .ok)
        }
    }

    @Test("key lengths, control characters and wrong types → 400, nothing stored", arguments: TestBackend.enabled)
    func fields(backend: TestBackend) async throws {
        try await withCalendar(backend) { client async throws in
            let cases: [(String, JSONValue, String)] = [
                ("event_id", .string(String(repeating: "e", count: 2049)), "Error: event_id must be at most 2048 bytes"),
                ("site", .string(String(repeating: "s", count: 2049)), "Error: site must be at most 2048 bytes"),
                ("start", .string("2025-03-01T04:00:00Z" + String(repeating: "0", count: 1010)), "Error: start must be at most 1024 bytes"),
                ("event_id", "e\u{0}1", "Error: event_id must not contain control characters"),
                ("site", "mrc1\n", "Error: site must not contain control characters"),
                ("creator_id", "auth0|A\t", "Error: creator_id must not contain control characters"),
                ("event_id", 5, "Error: event_id must be a non-empty string"),
                ("start", nil, "Error: start must be a non-empty string"),
                ("end", ["x"], "Error: end must be a non-empty string"),
                ("creator_id", "", "Error: creator_id must be a non-empty string"),
                ("creator", 1, "Error: creator must be a string"),
                ("project_id", ["a": 1], "Error: project_id must be a string"),
            ]
            for (key, value, text) in cases {
                var event = try #require(ev("e1", t("04:00"), t("05:00")).objectValue)
                event[key] = value
                let reply = try await client.newEvent(.object(event), as: .a)
                #expect(reply.status == .badRequest, "\(key)")
                #expect(reply.text == text, "\(key)")
            }
            #expect(try await client.siteEvents().isEmpty)
            let reads: [(String, String, String)] = [
                ("siteevents", #"{"site": 1, "start": "a", "end": "b"}"#, "Error: site must be a non-empty string"),
                ("get-event-at-time", #"{"time": "", "site": "mrc1"}"#, "Error: time must be a non-empty string"),
                ("user-events-ending-after-time", #"{"time": "x"}"#, "Error: missing required key user_id"),
                ("is-user-scheduled", #"{"user_id": "u", "site": "mrc1"}"#, "Error: missing required key time"),
                ("delete", #"{"event_id": "", "start": "x"}"#, "Error: event_id must be a non-empty string"),
                ("modifyevent", #"{"originalEvent": 1, "modifiedEvent": {}}"#, "Error: missing required key originalEvent"),
                ("modifyevent", #"{"originalEvent": {"event_id": "e1"}, "modifiedEvent": {}}"#, "Error: missing required key start"),
                ("remove-project-from-events", #"{"events": [1]}"#, "Error: events must contain event ids"),
                ("remove-project-from-events", #"{"events": "E2"}"#, "Error: events must be an array"),
            ]
            let headers = try await TestUser.a.bearer()
            for (route, body, text) in reads {
                let reply = try await client.send(.post, "/calendar/\(route)", body: body, headers: headers)
                #expect(reply.status == .badRequest, "\(route)")
                #expect(reply.text == text, "\(route)")
            }
        }
    }

    @Test("more than 1000 events → 400, nothing changed", arguments: TestBackend.enabled)
    func tooManyEvents(backend: TestBackend) async throws {
        try await withCalendar(backend) { client async throws in
            #expect(try await client.newEvent(ev("E2", t("03:00"), t("05:00")), as: .a).status == .ok)
            let before = try await client.siteEvents()
            let ids = JSONValue.array([JSONValue.string("E2")] + (0..<1000).map { .string("x\($0)") })
            let reply = try await client.send(.post, "/calendar/remove-project-from-events", body: JSONValue.object(["events": ids]).jsonText)
            #expect(reply.status == .badRequest)
            #expect(reply.text == "Error: events must have at most 1000 elements")
            #expect(try await client.siteEvents() == before)
        }
    }

    @Test("a float anywhere in the body is accepted (Q7)", arguments: TestBackend.enabled)
    func floats(backend: TestBackend) async throws {
        try await withCalendar(backend) { client async throws in
            var event = try #require(ev("e1", t("04:00"), t("05:00")).objectValue)
            event["airmass"] = 1.5
            #expect(try await client.newEvent(.object(event), as: .a).status == .ok)
        }
    }
}
