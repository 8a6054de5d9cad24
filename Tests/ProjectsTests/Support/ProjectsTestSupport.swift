import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PTRAuth
import PTRCore
import PTRTesting

@testable import Projects

/// The users of spec §7: `TOKEN_A`, `TOKEN_B`, `TOKEN_ADMIN`.
enum TestUser: String, Sendable {
    case a = "google-oauth2|A", b = "google-oauth2|B", admin = "google-oauth2|ADM"

    var sub: String { rawValue }
    var roles: [String] { self == .admin ? ["admin"] : [] }

    /// A valid access token as the UI holds it, the roles in the token's claim.
    func token() async throws -> String {
        try await TestAuth.token(sub: sub, roles: roles)
    }

    func bearer() async throws -> HTTPFields { [.authorization: "Bearer \(try await token())"] }
}

/// One request the fake calendar received.
struct CalendarCall: Sendable {
    let path: String
    let body: JSONValue
}

/// A loopback stand-in for the calendar service's `remove-project-from-events`: records every
/// call and answers with `status` (`Success` for 200, as the calendar does).
final class FakeCalendar: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [CalendarCall] = []
    let status: HTTPResponse.Status

    init(status: HTTPResponse.Status) { self.status = status }

    var calls: [CalendarCall] { lock.withLock { recorded } }

    func record(_ call: CalendarCall) { lock.withLock { recorded.append(call) } }

    /// Runs `body` with the calendar listening; its base URL is what `PTR_CALENDAR_URL` takes.
    static func with<T: Sendable>(status: HTTPResponse.Status = .ok, _ body: @Sendable (FakeCalendar, String) async throws -> T) async throws -> T {
        let calendar = FakeCalendar(status: status)
        let router = Router()
        router.post("/calendar/remove-project-from-events") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 1 << 20)
            calendar.record(CalendarCall(path: request.uri.path, body: (try? JSONValue.parse(bytes.readableBytesView)) ?? .null))
            return Response(status: calendar.status, body: .init(byteBuffer: ByteBuffer(string: calendar.status == .ok ? "Success" : "boom")))
        }
        return try await withLoopbackServer(router) { url in
            try await body(calendar, url + "/calendar")
        }
    }
}

/// A projects app on a fresh database, its calendar a recording fake.
struct ProjectsHarness: Sendable {
    let client: any TestClientProtocol
    let calendar: FakeCalendar
}

func withProjects(
    _ backend: TestBackend, calendarStatus: HTTPResponse.Status = .ok, calendarURL: String? = nil,
    _ test: @escaping @Sendable (ProjectsHarness) async throws -> Void
) async throws {
    try await FakeCalendar.with(status: calendarStatus) { calendar, url in
        let environment = TestAuth.environment.merging(["PTR_CALENDAR_URL": calendarURL ?? url]) { _, new in new }
        try await TestDatabase.withApp(backend, .projects, environment: environment, build: buildApplication) { client in
            try await test(ProjectsHarness(client: client, calendar: calendar))
        }
    }
}

/// `P(name, created_at, user)` of spec §7: the document the UI builds (§2.2), verbatim.
func uiProject(_ name: String, _ createdAt: String, _ user: String) -> JSONValue {
    var document = try! JSONValue.parse(uiProjectText).objectValue!
    document["project_name"] = .string(name)
    document["created_at"] = .string(createdAt)
    document["user_id"] = .string(user)
    return .object(document)
}

let uiProjectText = """
    {"project_name": "M42 LRGB", "created_at": "2025-03-01T04:00:00Z", "user_id": "google-oauth2|100354044221813550027",
     "origin": "PTR", "project_note": "", "project_priority": "standard",
     "project_creator": {"username": "jdoe", "user_id": "google-oauth2|100354044221813550027"},
     "project_constraints": {"project_is_active": true, "generic_instrument": "Main Camera", "ascending": true, "descending": true,
       "ra_offset": 0, "ra_offset_units": "deg", "dec_offset": 0, "dec_offset_units": "deg", "position_angle": 0, "max_ha": 4,
       "min_zenith_dist": 0, "max_night_duration": 12, "prefer_early": false, "max_airmass": 2, "lunar_dist_min": 30,
       "lunar_phase_max": 60, "frequent_autofocus": false, "prefer_bessell": false, "enhance_photometry": false,
       "close_on_block_completion": false, "add_center_to_mosaic": false, "dark_sky_setting": false,
       "tile_mosaic_rotate_filters": true, "filter_rotate_mosaic_tile": false, "deplete": true, "cycle": true,
       "expiry_date": "2025-03-08T04:00:00.000Z", "start_date": "2025-03-01T04:00:00.000Z",
       "smart_stack": true, "sub_stack": true, "defocus": 0},
     "project_targets": [{"name": "M 42", "ra": "5.5881", "dec": "-5.3911"}],
     "project_sites": ["mrc1"],
     "exposures": [{"count": 3, "imtype": "light", "exposure": 30, "repeat": 0, "filter": "Lum", "zoom": "Full",
                    "bin": "optimal", "width": "0.0", "height": "0.0", "angle": "0.0"}],
     "remaining": [3], "project_data": [[]], "scheduled_with_events": [],
     "start_date": "2025-03-01T04:00:00+00:00", "expiry_date": "2025-03-08T04:00:00+00:00"}
    """

extension TestClientProtocol {
    /// Sends like the observatory: a raw JSON string, no Content-Type, no token, under `/projects`.
    func obs(_ route: String, _ body: String) async throws -> TestReply {
        try await send(.post, "/projects/\(route)", body: body)
    }

    /// Sends like the UI (`sendJSON`: Content-Type + Origin), optionally with a token.
    func ui(_ route: String, _ value: JSONValue, headers: HTTPFields = [:]) async throws -> TestReply {
        try await sendJSON(.post, "/projects/\(route)", value, headers: headers)
    }

    func project(_ name: String, _ createdAt: String) async throws -> TestReply {
        try await obs("get-project", JSONValue.object(["project_name": .string(name), "created_at": .string(createdAt)]).jsonText)
    }

    func allProjects() async throws -> [JSONValue] {
        try await send(.post, "/projects/get-all-projects").json().arrayValue ?? []
    }
}
