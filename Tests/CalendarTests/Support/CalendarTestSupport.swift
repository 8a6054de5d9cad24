import Foundation
import HTTPTypes
import HummingbirdTesting
import PTRAuth
import PTRCore
import PTRTesting

@testable import Calendar

/// The users of spec/calendar.md §8.
enum TestUser: String, Sendable {
    case a = "auth0|A", b = "auth0|B", admin = "auth0|admin"

    var roles: [String] { self == .admin ? ["admin"] : [] }

    /// The header of `T(X)`.
    func bearer() async throws -> HTTPFields {
        try await TestAuth.bearer(sub: rawValue, roles: roles)
    }
}


/// The environment every test app gets, plus `extra`.
func calendarEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
    TestAuth.environment.merging(["PTR_PROJECTS_URL": "http://127.0.0.1:1"]) { _, new in new }.merging(extra) { _, new in new }
}

/// Runs `test` against a calendar app on a fresh database of `backend`.
func withCalendar(
    _ backend: TestBackend, environment: [String: String] = [:], options: CalendarOptions = CalendarOptions(),
    _ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void
) async throws {
    try await TestDatabase.withApp(backend, .calendar, environment: calendarEnvironment(environment),
                                   build: { try await buildApplication($0, options: options) }, test)
}

/// `ev(id, start, end, site, creator)`: a ui-shaped event document (§2.1).
func ev(_ id: String, _ start: String, _ end: String, _ site: String = "mrc1", _ creator: TestUser? = .a) -> JSONValue {
    var document: JSONObject = [
        "event_id": .string(id), "start": .string(start), "end": .string(end), "creator": "Jane Doe",
        "site": .string(site), "resourceId": .string(site), "title": "Jane Doe", "reservation_type": "realtime",
        "reservation_note": "", "origin": "PTR", "project_id": "none#", "project_priority": "standard",
    ]
    if let creator { document["creator_id"] = .string(creator.rawValue) }
    return .object(document)
}

/// `2025-03-01T{hhmm}` in the canonical format: `t("04:00")` → `2025-03-01T04:00:00Z`.
func t(_ time: String, day: Int = 1) -> String {
    "2025-03-0\(day)T\(time):00Z"
}

extension TestClientProtocol {
    /// Posts `event` to newevent as `user` (the ui's way).
    func newEvent(_ event: JSONValue, as user: TestUser) async throws -> TestReply {
        try await sendJSON(.post, "/calendar/newevent", event, headers: try await user.bearer())
    }

    /// The observatory's way: a raw body, no Content-Type, no token.
    func siteEvents(_ site: String = "mrc1", from start: String = t("00:00"), to end: String = t("00:00", day: 2)) async throws -> [JSONValue] {
        let reply = try await send(.post, "/calendar/siteevents", body: #"{"site":"\#(site)","start":"\#(start)","end":"\#(end)","full_project_details":false}"#)
        guard reply.status == .ok, let list = try reply.json().arrayValue else { throw TestSetupError("siteevents: \(reply.status) \(reply.text)") }
        return list
    }

    func ids(_ events: [JSONValue]) -> [String] {
        events.compactMap { $0["event_id"]?.stringValue }
    }
}

/// `value` with its object keys in the order parsed JSON has them (sorted): key order is not part
/// of the contract, and `JSONValue` equality compares it.
func normalized(_ value: JSONValue) -> JSONValue {
    (try? JSONValue.parse(value.jsonText)) ?? value
}

/// Two app instances (two pools, as two replicas) on one fresh database of `backend`.
func withTwoCalendars(
    _ backend: TestBackend, environment: [String: String] = [:],
    _ test: @escaping @Sendable (any TestClientProtocol, any TestClientProtocol) async throws -> Void
) async throws {
    try await TestDatabase.with(backend) { database in
        let configuration = try database.configuration(.calendar, extra: calendarEnvironment(environment))
        let (app1, app2) = (try await buildApplication(configuration), try await buildApplication(configuration))
        try await app1.test(.router) { first in
            try await app2.test(.router) { second in try await test(first, second) }
        }
    }
}
