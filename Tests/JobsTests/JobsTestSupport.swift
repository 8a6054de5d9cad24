import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PTRAuth
import PTRCore
import PTRTesting

@testable import Jobs

/// `T(sub, roles)` of spec §9: a valid UI access token carrying the roles claim (so no userinfo call).
func token(_ sub: String = "u1", _ roles: [String] = []) async throws -> String {
    try await TestAuth.token(sub: sub, name: "Jane", roles: roles)
}

/// A site code of its own per test (`tst-{unix s}` in the spec, made unique within a run).
func uniqueSite(_ prefix: String = "tst") -> String {
    "\(prefix)-\(Int(Date().timeIntervalSince1970))-\(UUID().uuidString.prefix(6).lowercased())"
}

/// The spec's "ui body" (§9) for `site`, as CommandButton.vue sends it.
func uiBody(_ site: String, _ changes: JSONObject = [:]) -> JSONValue {
    var body: JSONObject = [
        "site": .string(site), "mount": "mount1", "device": "camera", "instance": "camera1", "user_name": "jdoe", "user_id": "u1",
        "user_roles": ["admin"], "timestamp": 1_732_150_000, "action": "expose",
        "required_params": ["time": "1", "image_type": "light"], "optional_params": ["count": "1", "filter": "Lum"],
    ]
    for (key, value) in changes { body[key] = value }
    return .object(body)
}

/// A stand-in for the calendar service on loopback, speaking `POST /get-event-at-time`
/// (calendar.md §3.5): it answers a configurable body and records what it was asked.
final class FakeCalendar: Sendable {
    struct State {
        var status = 200
        var answer = "[]"
        var delay: Duration = .zero
        var requests: [JSONValue] = []
    }

    let url: String
    private let state: Locked<State>

    fileprivate init(url: String, state: Locked<State>) {
        self.url = url
        self.state = state
    }

    func answer(_ json: String, status: Int = 200) { state.withLock { $0.answer = json; $0.status = status } }
    func delay(_ duration: Duration) { state.withLock { $0.delay = duration } }
    var requests: [JSONValue] { state.withLock { $0.requests } }
}

func withFakeCalendar<T: Sendable>(_ body: @Sendable (FakeCalendar) async throws -> T) async throws -> T {
    let state = Locked(FakeCalendar.State())
    let router = Router()
    router.post("/get-event-at-time") { request, _ -> Response in
        let bytes = try await request.body.collect(upTo: 1 << 20)
        let (status, answer, delay) = state.withLock { state in
            let text = String(buffer: bytes)
            state.requests.append((try? JSONValue.parse(text)) ?? .string(text))
            return (state.status, state.answer, state.delay)
        }
        try await Task.sleep(for: delay)
        return Response(status: .init(code: status), headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: answer)))
    }
    return try await withLoopbackServer(router) { url in
        try await body(FakeCalendar(url: url, state: state))
    }
}

/// The environment of a test jobs app: the trusted key and the calendar to ask.
func jobsEnvironment(calendarURL: String) throws -> [String: String] {
    TestAuth.environment.merging(["PTR_CALENDAR_URL": calendarURL]) { _, new in new }
}

/// One jobs app on a fresh database with a fake calendar, and the calls the clients make.
struct JobsHarness: Sendable {
    let client: any TestClientProtocol
    let calendar: FakeCalendar

    /// As the UI sends it: JSON with Content-Type, Origin and `Authorization: Bearer`.
    func newJob(_ body: JSONValue, token: String?, path: String = "/jobs/newjob") async throws -> TestReply {
        var headers = HTTPFields()
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.sendJSON(.post, path, body, headers: headers)
    }

    /// Creates a job as a user with no roles and no reservation in the way; returns its document.
    func created(_ body: JSONValue, roles: [String] = []) async throws -> JSONValue {
        let reply = try await newJob(body, token: try await token("u1", roles))
        guard reply.status == .ok else { throw TestSetupError("newjob failed: \(reply.status) \(reply.text)") }
        return try reply.json()
    }

    /// As the observatory sends it: a raw JSON string, no Content-Type, no token.
    func post(_ route: String, _ body: String) async throws -> TestReply {
        try await client.send(.post, "/jobs/\(route)", body: body)
    }

    func poll(_ site: String, alternate: Bool = false) async throws -> [JSONValue] {
        let body = alternate ? #"{"site": "\#(site)", "alternateQueue": true}"# : #"{"site": "\#(site)"}"#
        let reply = try await post("getnewjobs", body)
        guard reply.status == .ok, let jobs = try reply.json().arrayValue else { throw TestSetupError("getnewjobs failed: \(reply.status) \(reply.text)") }
        return jobs
    }

    func recent(_ site: String) async throws -> [JSONValue] {
        let reply = try await post("getrecentjobs", #"{"site": "\#(site)"}"#)
        guard reply.status == .ok, let jobs = try reply.json().arrayValue else { throw TestSetupError("getrecentjobs failed: \(reply.status) \(reply.text)") }
        return jobs
    }
}

func withJobs(
    _ backend: TestBackend, settings: JobsSettings = JobsSettings(), mode: TestingSetup = .router,
    _ test: @escaping @Sendable (JobsHarness) async throws -> Void
) async throws {
    try await withFakeCalendar { calendar in
        try await TestDatabase.withApp(backend, .jobs, mode: mode, environment: try jobsEnvironment(calendarURL: calendar.url),
                                       build: { try await buildApplication($0, settings: settings) }) { client in
            try await test(JobsHarness(client: client, calendar: calendar))
        }
    }
}

func ulids(_ jobs: [JSONValue]) -> [String] { jobs.map { $0["ulid"]?.stringValue ?? "?" } }
