import PTRTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import PTRCore

/// The LCO site proxy of spec/calendar.md §5.7 on loopback, answering normally only (its failure modes
/// are the calendar's own tests, with Tests/CalendarTests/Support/FakeLCO.swift): `last_scheduled`, and
/// `schedule` from `shared/spec/fixtures/lco_schedule_sample.json` filtered by `telescope` and `state`.
/// A request without the configured token gets the proxy's 401.
enum FakeLCOSiteProxy {
    /// `PTR_LCO_TOKEN` for the calendar.
    static let token = "Token test-secret"
    static let lastScheduleTime = "2030-06-14T21:03:11.482913Z"

    static let observations: [JSONValue] = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let file = root.appendingPathComponent("../shared/spec/fixtures/lco_schedule_sample.json")
        return try! JSONValue.parse(Array(try! Data(contentsOf: file)))["results"]?.arrayValue ?? []
    }()

    /// Runs `body` with the proxy listening; its argument is `PTR_LCO_URL` (`http://127.0.0.1:<port>/{wema}`).
    static func with<T: Sendable>(_ body: @Sendable (String) async throws -> T) async throws -> T {
        let router = Router()
        router.get("/:wema/observation-portal/api/last_scheduled") { request, _ in
            authorized(request) ? response(200, JSONValue.object(["last_schedule_time": .string(lastScheduleTime)]).jsonText) : unauthorized
        }
        router.get("/:wema/observation-portal/api/schedule") { request, _ in
            guard authorized(request) else { return unauthorized }
            let query = request.uri.queryParameters.map { (String($0.key), String($0.value)) }
            let telescope = query.first { $0.0 == "telescope" }?.1
            let states = query.filter { $0.0 == "state" }.map(\.1)
            let results = observations.filter { observation in
                (telescope == nil || observation["telescope"]?.stringValue == telescope)
                    && (states.isEmpty || states.contains(observation["state"]?.stringValue ?? ""))
            }
            let page: JSONValue = ["count": .integer(Int64(results.count)), "next": nil, "previous": nil, "results": .array(results)]
            return response(200, page.jsonText)
        }
        return try await withLoopbackServer(router) { url in
            try await body(url + "/{wema}")
        }
    }

    private static func authorized(_ request: Request) -> Bool { request.headers[.authorization] == token }

    private static var unauthorized: Response { response(401, #"{"detail": "Invalid token."}"#) }

    private static func response(_ status: Int, _ body: String) -> Response {
        Response(status: .init(code: status), headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
