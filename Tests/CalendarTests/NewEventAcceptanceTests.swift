import Foundation
import PTRCore
import PTRTesting
import Testing

@testable import Calendar

/// spec/calendar.md §8 cases 5–12: creating reservations.
@Suite struct NewEventAcceptanceTests {
    @Test("5: without a token → 401 and nothing stored", arguments: TestBackend.enabled)
    func noToken(backend: TestBackend) async throws {
        try await withCalendar(backend) { client async throws in
            let reply = try await client.sendJSON(.post, "/calendar/newevent", ev("e1", t("04:00"), t("05:00")))
            #expect(reply.status == .unauthorized)
            #expect(try reply.json() == ["message": "Unauthorized"])
            #expect(try await client.siteEvents().isEmpty)
        }
    }

    @Test("6: required keys in order, as bare text", arguments: TestBackend.enabled)
    func requiredKeys(backend: TestBackend) async throws {
        try await withCalendar(backend) { client async throws in
            let cases: [(JSONValue, String)] = [
                ([:], "event_id"), (["event_id": "e1"], "start"), (["event_id": "e1", "start": .string(t("04:00"))], "site"),
                (["event_id": "e1", "start": .string(t("04:00")), "site": "mrc1"], "end"),
            ]
            for (body, key) in cases {
                let reply = try await client.newEvent(body, as: .a)
                #expect(reply.status == .badRequest)
                #expect(reply.text == "Error: missing required key \(key)")
            }
        }
    }

    @Test("7: a reservation is stored with last_modified and read back by siteevents", arguments: TestBackend.enabled)
    func create(backend: TestBackend) async throws {
        try await withCalendar(backend) { client async throws in
            let posted = ev("e1", t("04:00"), t("05:00"), "mrc1", .a)
            let testStarted = Date()
            let reply = try await client.newEvent(posted, as: .a)
            #expect(reply.status == .ok)
            let json = try reply.json()
            #expect(json["table_response"]?["ResponseMetadata"]?["HTTPStatusCode"] == 200)
            let lastModified = try #require(json["new_calendar_event"]?["last_modified"]?.stringValue)
            #expect(lastModified.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z/) != nil)
            let stamp = try #require(ISO8601DateFormatter().date(from: lastModified))
            #expect(isStampedDuring(stamp, since: testStarted))
            var expected = try #require(posted.objectValue)
            expected["last_modified"] = .string(lastModified)
            #expect(try await client.siteEvents("mrc1", from: t("00:00"), to: t("00:00", day: 2)) == [normalized(.object(expected))])
        }
    }

    @Test("8: extra keys keep their values; integral numbers come back as integers", arguments: TestBackend.enabled)
    func extraKeys(backend: TestBackend) async throws {
        try await withCalendar(backend) { client async throws in
            var event = try #require(ev("e1", t("04:00"), t("05:00")).objectValue)
            event["n"] = 2.0
            event["x"] = 1.5
            event["tags"] = ["a"]
            event["meta"] = ["k": nil]
            #expect(try await client.newEvent(.object(event), as: .a).status == .ok)
            let stored = try #require(try await client.siteEvents().first)
            #expect(stored["n"] == .integer(2))
            #expect(stored["x"] == .number(1.5))
            #expect(stored["tags"] == ["a"])
            #expect(stored["meta"] == ["k": nil])
            #expect(try await client.send(.post, "/calendar/siteevents", body: #"{"site":"mrc1","start":"2025-03-01T00:00:00Z","end":"2025-03-02T00:00:00Z"}"#).text.contains(#""n":2,"#))
        }
    }

    @Test("9: type checks and end after start", arguments: TestBackend.enabled)
    func typeChecks(backend: TestBackend) async throws {
        try await withCalendar(backend) { client async throws in
            let cases: [(String, JSONValue, String)] = [
                ("title", 5, "Error: title must be a string"),
                ("site", "", "Error: site must be a non-empty string"),
                ("end", .string(t("04:00")), "Error: end must be after start"),
            ]
            for (key, value, text) in cases {
                var event = try #require(ev("e1", t("04:00"), t("05:00")).objectValue)
                event[key] = value
                let reply = try await client.newEvent(.object(event), as: .a)
                #expect(reply.status == .badRequest)
                #expect(reply.text == text)
            }
            #expect(try await client.siteEvents().isEmpty)
        }
    }

    @Test("10: creator_id is the caller's unless an admin books for someone", arguments: TestBackend.enabled)
    func impersonation(backend: TestBackend) async throws {
        try await withCalendar(backend) { client async throws in
            let forged = try await client.newEvent(ev("e1", t("04:00"), t("05:00"), "mrc1", .b), as: .a)
            #expect(forged.status == .forbidden)
            #expect(forged.text == "You may only modify your own events.")
            #expect(try await client.siteEvents().isEmpty)
            #expect(try await client.newEvent(ev("e1", t("04:00"), t("05:00"), "mrc1", .b), as: .admin).status == .ok)
            #expect(try await client.siteEvents().first?["creator_id"] == "auth0|B")
            #expect(try await client.newEvent(ev("e2", t("06:00"), t("07:00"), "mrc1", nil), as: .a).status == .ok)
            #expect(try await client.siteEvents().first { $0["event_id"] == "e2" }?["creator_id"] == "auth0|A")
        }
    }

    @Test("11: another user cannot overwrite a known key; the owner can", arguments: TestBackend.enabled)
    func overwrite(backend: TestBackend) async throws {
        try await withCalendar(backend) { client async throws in
            #expect(try await client.newEvent(ev("e1", t("04:00"), t("05:00")), as: .a).status == .ok)
            let before = try await client.siteEvents()
            let stolen = try await client.newEvent(ev("e1", t("04:00"), t("06:00"), "mrc1", .b), as: .b)
            #expect(stolen.status == .forbidden)
            #expect(stolen.text == "You may only modify your own events.")
            #expect(try await client.siteEvents() == before)
            var retitled = try #require(ev("e1", t("04:00"), t("05:00")).objectValue)
            retitled["title"] = "New title"
            #expect(try await client.newEvent(.object(retitled), as: .a).status == .ok)
            let after = try await client.siteEvents()
            #expect(after.count == 1)
            #expect(after.first?["title"] == "New title")
        }
    }

    @Test("12: overlapping reservations of another creator at the same site → 409", arguments: TestBackend.enabled)
    func overlap(backend: TestBackend) async throws {
        try await withCalendar(backend) { client async throws in
            #expect(try await client.newEvent(ev("e1", t("04:00"), t("05:00")), as: .a).status == .ok)
            let clash = try await client.newEvent(ev("b1", t("04:30"), t("05:30"), "mrc1", .b), as: .b)
            #expect(clash.status == .conflict)
            #expect(clash.text == "Error: time slot conflicts with an existing reservation")
            #expect(try await client.newEvent(ev("b2", t("05:00"), t("06:00"), "mrc1", .b), as: .b).status == .ok)
            #expect(try await client.newEvent(ev("b3", t("04:30"), t("05:30"), "mrc2", .b), as: .b).status == .ok)
            #expect(try await client.newEvent(ev("a2", t("04:30"), t("04:45"), "mrc1", .a), as: .a).status == .ok)
            #expect(try await client.newEvent(ev("x1", t("04:10"), t("04:20"), "mrc1", .admin), as: .admin).status == .conflict)
            #expect(client.ids(try await client.siteEvents("mrc1")) == ["a2", "e1", "b2"])
        }
    }
}
