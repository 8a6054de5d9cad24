import Foundation
import HummingbirdTesting
import PTRCore
import PTRTesting
import Testing

@testable import Calendar

/// spec/calendar.md §8 cases 24–32: the read routes, sent as the observatory and the ui send them.
@Suite struct ReadAcceptanceTests {
    /// E1–E4 on mrc1 (different creators, admin-booked to avoid the overlap rule on E2/E3's shared
    /// instant) and E5 on mrc2.
    static func storeWindowEvents(_ client: any TestClientProtocol) async throws {
        let events: [(String, String, String, String, String)] = [
            ("E1", "01:00", "02:00", "mrc1", "auth0|c1"), ("E2", "03:00", "05:00", "mrc1", "auth0|c2"),
            ("E3", "05:00", "07:00", "mrc1", "auth0|c3"), ("E4", "07:00", "08:00", "mrc1", "auth0|c4"),
            ("E5", "03:00", "05:00", "mrc2", "auth0|c5"),
        ]
        for (id, start, end, site, creator) in events {
            var event = try #require(ev(id, t(start), t(end), site, nil).objectValue)
            event["creator_id"] = .string(creator)
            #expect(try await client.newEvent(.object(event), as: .admin).status == .ok)
        }
    }

    @Test("24: siteevents selects on end only, both bounds inclusive, in end order", arguments: TestBackend.enabled)
    func window(backend: TestBackend) async throws {
        try await withCalendar(backend) { client async throws in
            try await Self.storeWindowEvents(client)
            #expect(client.ids(try await client.siteEvents("mrc1", from: t("02:00"), to: t("05:00"))) == ["E1", "E2"])
            #expect(client.ids(try await client.siteEvents("mrc1", from: t("05:00"), to: t("05:00"))) == ["E2"])
        }
    }

    @Test("25–26: siteevents missing keys and an inverted window", arguments: TestBackend.enabled)
    func siteEventsErrors(backend: TestBackend) async throws {
        try await withCalendar(backend) { client async throws in
            let cases = [
                (#"{}"#, "Error: missing required key site"), (#"{"site": "mrc1"}"#, "Error: missing required key start"),
                (#"{"site": "mrc1", "start": "x"}"#, "Error: missing required key end"),
                (#"{"site": "mrc1", "start": "2025-03-02T00:00:00Z", "end": "2025-03-01T00:00:00Z"}"#, "Error: start is after end"),
            ]
            for (body, text) in cases {
                let reply = try await client.send(.post, "/calendar/siteevents", body: body)
                #expect(reply.status == .badRequest)
                #expect(reply.text == text)
            }
        }
    }

    @Test("27: comparisons are byte-wise", arguments: TestBackend.enabled)
    func bytewise(backend: TestBackend) async throws {
        try await withCalendar(backend) { client async throws in
            #expect(try await client.newEvent(ev("ms", "2025-03-01T03:30:00Z", "2025-03-01T04:00:00.000Z"), as: .a).status == .ok)
            #expect(try await client.newEvent(ev("short", "2025-03-01T03:40:00Z", "2025-03-01T04:00Z"), as: .a).status == .ok)
            #expect(client.ids(try await client.siteEvents("mrc1", from: "2025-03-01T03:00:00Z", to: "2025-03-01T04:00:00Z")) == ["ms"])
            #expect(!client.ids(try await client.siteEvents("mrc1", from: "2025-03-01T03:00:00Z", to: "2025-03-01T04:00:59Z")).contains("short"))
        }
    }

    static func atTime(_ client: any TestClientProtocol, _ site: String, _ time: String) async throws -> [String] {
        let reply = try await client.sendJSON(.post, "/calendar/get-event-at-time", ["site": .string(site), "time": .string(time)])
        return client.ids(try reply.json().arrayValue ?? [])
    }

    @Test("28–30: get-event-at-time, inclusive at both ends, numbers returned", arguments: TestBackend.enabled)
    func eventAtTime(backend: TestBackend) async throws {
        try await withCalendar(backend) { client async throws in
            var event = try #require(ev("E2", t("03:00"), t("05:00")).objectValue)
            event["priority"] = 3
            #expect(try await client.newEvent(.object(event), as: .a).status == .ok)
            #expect(try await Self.atTime(client, "mrc1", t("03:00")) == ["E2"])
            #expect(try await Self.atTime(client, "mrc1", t("05:00")) == ["E2"])
            #expect(try await Self.atTime(client, "mrc1", "2025-03-01T05:00:01Z") == [])
            #expect(try await Self.atTime(client, "mrc1", "2025-03-01T02:59:59Z") == [])
            #expect(try await Self.atTime(client, "mrc2", t("04:00")) == [])
            let active = try await client.sendJSON(.post, "/calendar/get-event-at-time", ["site": "mrc1", "time": .string(t("04:00"))])
            #expect(active.status == .ok)
            #expect(try active.json().arrayValue?.first?["priority"] == 3)
            let missing = try await client.send(.post, "/calendar/get-event-at-time", body: #"{"site": "mrc1"}"#)
            #expect(missing.status == .badRequest)
            #expect(missing.text == "Error: missing required key time")
        }
    }

    @Test("31: user-events-ending-after-time, every site, ascending end", arguments: TestBackend.enabled)
    func userEvents(backend: TestBackend) async throws {
        try await withCalendar(backend) { client async throws in
            #expect(try await client.newEvent(ev("a1", t("04:00"), t("05:00"), "mrc1", .a), as: .a).status == .ok)
            #expect(try await client.newEvent(ev("a2", t("04:00", day: 2), t("05:00", day: 2), "mrc2", .a), as: .a).status == .ok)
            #expect(try await client.newEvent(ev("b1", t("04:00", day: 3), t("05:00", day: 3), "mrc1", .b), as: .b).status == .ok)
            for (time, expected) in [(t("05:00"), ["a1", "a2"]), ("2025-03-01T05:00:01Z", ["a2"])] {
                let reply = try await client.send(.post, "/calendar/user-events-ending-after-time", body: JSONValue.object(["user_id": "auth0|A", "time": .string(time)]).jsonText,
                                                  headers: [.contentType: "application/json"])
                #expect(client.ids(try reply.json().arrayValue ?? []) == expected)
            }
        }
    }

    static func check(_ client: any TestClientProtocol, _ route: String) async throws -> String {
        try await client.sendJSON(.post, "/calendar/\(route)", ["user_id": "auth0|A", "site": "mrc1", "time": .string(t("04:30"))]).text
    }

    @Test("32: is-user-scheduled and does-conflicting-event-exist answer bare true/false", arguments: TestBackend.enabled)
    func scheduledChecks(backend: TestBackend) async throws {
        try await withCalendar(backend) { client async throws in
            #expect(try await Self.check(client, "is-user-scheduled") == "false")
            #expect(try await Self.check(client, "does-conflicting-event-exist") == "false")
            #expect(try await client.newEvent(ev("a1", t("04:00"), t("05:00"), "mrc1", .a), as: .a).status == .ok)
            #expect(try await Self.check(client, "is-user-scheduled") == "true")
            #expect(try await Self.check(client, "does-conflicting-event-exist") == "false")
            #expect(try await ModifyDeleteAcceptanceTests.delete(client, as: .a, ["event_id": "a1", "start": .string(t("04:00"))]).status == .ok)
            #expect(try await client.newEvent(ev("b1", t("04:00"), t("05:00"), "mrc1", .b), as: .b).status == .ok)
            #expect(try await Self.check(client, "is-user-scheduled") == "false")
            #expect(try await Self.check(client, "does-conflicting-event-exist") == "true")
        }
    }
}
