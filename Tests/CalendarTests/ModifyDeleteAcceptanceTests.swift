import Foundation
import HummingbirdTesting
import PTRCore
import PTRTesting
import Testing

@testable import Calendar

/// spec/calendar.md §8 cases 13–23: replacing and deleting reservations.
@Suite struct ModifyDeleteAcceptanceTests {
    static let original: JSONValue = ["event_id": "e1", "start": "2025-03-01T04:00:00Z"]

    /// A's `e1` of case 7, then `test`.
    func withE1(_ backend: TestBackend, _ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await withCalendar(backend) { client async throws in
            #expect(try await client.newEvent(ev("e1", t("04:00"), t("05:00")), as: .a).status == .ok)
            try await test(client)
        }
    }

    static func modify(_ client: any TestClientProtocol, as user: TestUser, original: JSONValue = original, _ modified: JSONValue) async throws -> TestReply {
        try await client.sendJSON(.post, "/calendar/modifyevent", ["originalEvent": original, "modifiedEvent": modified], headers: try await user.bearer())
    }

    static func delete(_ client: any TestClientProtocol, as user: TestUser, _ body: JSONValue = original) async throws -> TestReply {
        try await client.sendJSON(.post, "/calendar/delete", body, headers: try await user.bearer())
    }

    @Test("13: another user cannot modify", arguments: TestBackend.enabled)
    func notOwner(backend: TestBackend) async throws {
        try await withE1(backend) { client async throws in
            let before = try await client.siteEvents()
            let reply = try await Self.modify(client, as: .b, ev("e1", t("06:00"), t("07:00"), "mrc1", .b))
            #expect(reply.status == .forbidden)
            #expect(reply.text == "You may only modify your own events.")
            #expect(try await client.siteEvents() == before)
        }
    }

    @Test("14: the owner moves the event; id and creator are forced, last_modified fresh", arguments: TestBackend.enabled)
    func move(backend: TestBackend) async throws {
        try await withE1(backend) { client async throws in
            let testStarted = Date()
            var modified = try #require(ev("e1", t("06:00"), t("07:00")).objectValue)
            modified["creator_id"] = "auth0|EVIL"
            modified["event_id"] = "other"
            let reply = try await Self.modify(client, as: .a, .object(modified))
            #expect(reply.status == .ok)
            #expect(try reply.json() == ["ResponseMetadata": ["HTTPStatusCode": 200]])
            let events = try await client.siteEvents()
            #expect(events.count == 1)
            let moved = try #require(events.first)
            #expect(moved["event_id"] == "e1")
            #expect(moved["start"] == .string(t("06:00")))
            #expect(moved["creator_id"] == "auth0|A")
            let stamp = try #require(ISO8601DateFormatter().date(from: moved["last_modified"]?.stringValue ?? ""))
            #expect(isStampedDuring(stamp, since: testStarted))
        }
    }

    @Test("15: an admin modifies; the creator stays", arguments: TestBackend.enabled)
    func admin(backend: TestBackend) async throws {
        try await withE1(backend) { client async throws in
            var modified = try #require(ev("e1", t("04:00"), t("05:00"), "mrc1", .admin).objectValue)
            modified["title"] = "Maintenance"
            #expect(try await Self.modify(client, as: .admin, .object(modified)).status == .ok)
            let stored = try #require(try await client.siteEvents().first)
            #expect(stored["title"] == "Maintenance")
            #expect(stored["creator_id"] == "auth0|A")
        }
    }

    @Test("16–17: unknown original → 404; invalid new version → 400, nothing changed", arguments: TestBackend.enabled)
    func notFoundAndInvalid(backend: TestBackend) async throws {
        try await withE1(backend) { client async throws in
            let before = try await client.siteEvents()
            let missing = try await Self.modify(client, as: .a, original: ["event_id": "nope", "start": .string(t("04:00"))], ev("nope", t("06:00"), t("07:00")))
            #expect(missing.status == .notFound)
            #expect(missing.text == "Error: event not found")
            var modified = try #require(ev("e1", t("06:00"), t("07:00")).objectValue)
            modified["start"] = nil
            let invalid = try await Self.modify(client, as: .a, .object(modified))
            #expect(invalid.status == .badRequest)
            #expect(invalid.text == "Error: missing required key start")
            #expect(try await client.siteEvents() == before)
        }
    }

    @Test("18: moving onto another creator's reservation → 409, unchanged", arguments: TestBackend.enabled)
    func moveConflict(backend: TestBackend) async throws {
        try await withE1(backend) { client async throws in
            #expect(try await client.newEvent(ev("b1", t("06:00"), t("07:00"), "mrc1", .b), as: .b).status == .ok)
            let before = try await client.siteEvents()
            let reply = try await Self.modify(client, as: .a, ev("e1", t("06:30"), t("07:30")))
            #expect(reply.status == .conflict)
            #expect(reply.text == "Error: time slot conflicts with an existing reservation")
            #expect(try await client.siteEvents() == before)
        }
    }

    @Test("19–21: the owner or an admin deletes; another user cannot", arguments: TestBackend.enabled)
    func deleteRules(backend: TestBackend) async throws {
        try await withE1(backend) { client async throws in
            let refused = try await Self.delete(client, as: .b)
            #expect(refused.status == .forbidden)
            #expect(refused.text == "You may only modify your own events.")
            #expect(try await client.siteEvents().count == 1)
            let deleted = try await Self.delete(client, as: .a)
            #expect(deleted.status == .ok)
            #expect(try deleted.json() == ["ResponseMetadata": ["HTTPStatusCode": 200]])
            #expect(try await client.siteEvents().isEmpty)
            #expect(try await client.newEvent(ev("e1", t("04:00"), t("05:00")), as: .a).status == .ok)
            #expect(try await Self.delete(client, as: .admin).status == .ok)
            #expect(try await client.siteEvents().isEmpty)
        }
    }

    @Test("22–23: missing keys; a missing event is 403 for users, 200 for admins", arguments: TestBackend.enabled)
    func deleteMissing(backend: TestBackend) async throws {
        try await withCalendar(backend) { client async throws in
            #expect(try await Self.delete(client, as: .b).status == .forbidden)
            #expect(try await Self.delete(client, as: .admin).status == .ok)
            let reply = try await Self.delete(client, as: .a, ["event_id": "e1"])
            #expect(reply.status == .badRequest)
            #expect(reply.text == "Error: missing required key start")
        }
    }

    @Test("delete of a low_priority event stays owner-or-admin (§9 decision 3)", arguments: TestBackend.enabled)
    func lowPriority(backend: TestBackend) async throws {
        try await withCalendar(backend) { client async throws in
            var event = try #require(ev("e1", t("04:00"), t("05:00")).objectValue)
            event["project_priority"] = "low_priority"
            #expect(try await client.newEvent(.object(event), as: .a).status == .ok)
            #expect(try await Self.delete(client, as: .b).status == .forbidden)
            #expect(try await client.siteEvents().count == 1)
        }
    }

    @Test("auth failures on modifyevent and delete → 401, nothing changed", arguments: TestBackend.enabled)
    func unauthenticated(backend: TestBackend) async throws {
        try await withE1(backend) { client async throws in
            let before = try await client.siteEvents()
            for path in ["/calendar/modifyevent", "/calendar/delete"] {
                let reply = try await client.sendJSON(.post, path, ["originalEvent": Self.original, "modifiedEvent": ev("e1", t("06:00"), t("07:00")), "event_id": "e1", "start": .string(t("04:00"))],
                                                      headers: [.authorization: "Bearer garbage"])
                #expect(reply.status == .unauthorized)
            }
            #expect(try await client.siteEvents() == before)
        }
    }
}
