import PTRTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import PTRCore

@testable import Calendar

/// The fake LCO site proxy of spec/calendar.md §5.7 on loopback: serves
/// `shared/spec/fixtures/lco_schedule_sample.json`, records every request, fails on demand.
struct FakeLCO: Sendable {
    enum Mode: Sendable, Equatable {
        case normal
        case serverError, notJSON, noResults, unauthorized
        /// Answers normally after this long (longer than the client's timeout in the tests).
        case slow(Duration)
    }

    struct Recorded: Sendable {
        let path: String
        let query: [(String, String)]
        let authorization: String?

        func values(_ name: String) -> [String] { query.filter { $0.0 == name }.map(\.1) }
    }

    struct State {
        var lastScheduleTime = "2030-06-14T21:03:11.482913Z"
        var scheduleMode = Mode.normal
        var lastScheduledMode = Mode.normal
        /// Replaces the fixture's observations when set.
        var results: [JSONValue]?
        var requests: [Recorded] = []
        var inFlight = 0
        var maximumInFlight = 0
    }

    /// `PTR_LCO_URL` for the app under test.
    let url: String
    let state: Locked<State>

    var requests: [Recorded] { state.current.requests }
    var scheduleRequests: [Recorded] { requests.filter { $0.path.hasSuffix("/schedule") } }

    static let fixture: JSONValue = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let file = root.appendingPathComponent("../shared/spec/fixtures/lco_schedule_sample.json")
        return try! JSONValue.parse(Array(try! Data(contentsOf: file)))
    }()

    static var fixtureObservations: [JSONValue] { fixture["results"]?.arrayValue ?? [] }

    fileprivate func answer(_ request: Request, endpoint: String) async throws -> Response {
        let query = request.uri.queryParameters.map { (String($0.key), String($0.value)) }
        let mode = state.withLock { state -> Mode in
            state.requests.append(Recorded(path: request.uri.path, query: query, authorization: request.headers[.authorization]))
            state.inFlight += 1
            state.maximumInFlight = max(state.maximumInFlight, state.inFlight)
            return endpoint == "schedule" ? state.scheduleMode : state.lastScheduledMode
        }
        defer { state.withLock { $0.inFlight -= 1 } }
        switch mode {
        case .serverError: return Self.response(500, "<html><body>Server Error</body></html>")
        case .notJSON: return Self.response(200, "not json")
        case .noResults: return Self.response(200, #"{"detail": "x"}"#)
        case .unauthorized: return Self.response(401, #"{"detail": "Invalid token."}"#)
        case .slow(let delay): try await Task.sleep(for: delay)
        case .normal: break
        }
        if endpoint == "last_scheduled" {
            return Self.response(200, JSONValue.object(["last_schedule_time": .string(state.current.lastScheduleTime)]).jsonText)
        }
        let telescope = query.first { $0.0 == "telescope" }?.1
        let states = query.filter { $0.0 == "state" }.map(\.1)
        let results = (state.current.results ?? Self.fixtureObservations).filter { observation in
            (telescope == nil || observation["telescope"]?.stringValue == telescope)
                && (states.isEmpty || states.contains(observation["state"]?.stringValue ?? ""))
        }
        let page: JSONValue = ["count": .integer(Int64(results.count)), "next": nil, "previous": nil, "results": .array(results)]
        return Self.response(200, page.jsonText)
    }

    static func response(_ status: Int, _ body: String) -> Response {
        Response(status: .init(code: status), headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

/// The fake projects service of §5.7: records `new-project`, `delete-scheduler-projects` and
/// `get-project` bodies and answers 200 `{"message": "ok"}` (or `status`).
struct FakeProjects: Sendable {
    struct State {
        var calls: [(path: String, body: JSONValue)] = []
        var status = 200
        /// `get-project` answers, keyed by `name#created_at`.
        var projects: [String: JSONValue] = [:]
    }

    let url: String
    let state: Locked<State>

    func calls(_ path: String) -> [JSONValue] { state.current.calls.filter { $0.path == path }.map(\.body) }
    var callCount: Int { state.current.calls.count }

    /// Answers 200 `{"message": "ok"}` (or the chosen status); `get-project` the stored project or 404.
    static func router(_ state: Locked<State>) -> Router<BasicRequestContext> {
        let router = Router()
        for path in ["/new-project", "/delete-scheduler-projects", "/get-project"] {
            router.post(RouterPath(path)) { request, _ -> Response in
                let bytes = try await request.body.collect(upTo: 10 << 20)
                let value = (try? JSONValue.parse(bytes.readableBytesView)) ?? .string(String(buffer: bytes))
                let (status, project) = state.withLock { state -> (Int, JSONValue?) in
                    state.calls.append((path, value))
                    let key = (value["project_name"]?.stringValue ?? "") + "#" + (value["created_at"]?.stringValue ?? "")
                    return (state.status, state.projects[key])
                }
                if path == "/get-project" {
                    guard let project else { return FakeLCO.response(404, #""Project not found.""#) }
                    return FakeLCO.response(200, project.jsonText)
                }
                return FakeLCO.response(status, #"{"message": "ok"}"#)
            }
        }
        return router
    }
}

/// Runs `body` with a fake site proxy and a fake projects service listening on loopback.
func withFakeLCO(_ body: @escaping @Sendable (FakeLCO, FakeProjects) async throws -> Void) async throws {
    let lcoState = Locked(FakeLCO.State())
    let projectsState = Locked(FakeProjects.State())
    let lcoRouter = Router()
    // Late-bound: the handlers need the fake, which needs the port.
    let lcoBox = Locked<FakeLCO?>(nil)
    for endpoint in ["last_scheduled", "schedule"] {
        // Hummingbird matches the slashed path too.
        lcoRouter.get(RouterPath("/:wema/observation-portal/api/\(endpoint)")) { request, _ in
            try await lcoBox.current!.answer(request, endpoint: endpoint)
        }
    }
    try await withLoopbackServer(lcoRouter) { lcoURL in
        let lco = FakeLCO(url: lcoURL + "/{wema}", state: lcoState)
        lcoBox.withLock { $0 = lco }
        try await withLoopbackServer(FakeProjects.router(projectsState)) { projectsURL in
            try await body(lco, FakeProjects(url: projectsURL, state: projectsState))
        }
    }
}

/// The app environment pointing at the fakes.
func lcoEnvironment(_ lco: FakeLCO, _ projects: FakeProjects, interval: Int = 0) -> [String: String] {
    ["PTR_LCO_URL": lco.url, "PTR_LCO_TOKEN": "Token test-secret", "PTR_PROJECTS_URL": projects.url,
     "PTR_LCO_IMPORT_INTERVAL_S": String(interval)]
}

/// Short timeouts for the failure tests, so that the "slow" failure mode does not slow the suite
/// (the other tests keep the production timeouts: a loaded machine must not fail them).
let fastLCO = CalendarOptions(liveTimeout: .seconds(1), importTimeout: .seconds(1))
/// Longer than `fastLCO`'s timeouts.
let beyondTimeout = FakeLCO.Mode.slow(.seconds(3))
