import Foundation
import Hummingbird
import PTRTesting
import PTROutbound
import Testing

@Suite("Outbound HTTP client against a loopback server")
struct OutboundHTTPClientTests {
    // Generous timeouts: the suite runs in parallel on two shared cores; tests of timeouts set their own.
    let client = OutboundHTTPClient(configuration: .init(connectTimeout: .seconds(10), timeout: .seconds(60), maxResponseBytes: 1 << 20))

    @Test func getSendsHeadersAndDecodesJSON() async throws {
        try await withLoopbackServer(testServerRouter()) { base in
            let response = try await client.get("\(base)/echo", headers: ["X-Test": "hello"])
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "application/json")
            let echo = try response.decodeJSON(Echo.self)
            #expect(echo == Echo(method: "GET", testHeader: "hello", contentType: nil, body: ""))
        }
    }

    @Test func postSendsJSONBody() async throws {
        struct Payload: Codable { var site: String; var count: Int }
        try await withLoopbackServer(testServerRouter()) { base in
            let response = try await client.post("\(base)/echo", json: Payload(site: "mrc", count: 2))
            let echo = try response.decodeJSON(Echo.self)
            #expect(echo.method == "POST")
            #expect(echo.contentType == "application/json")
            #expect(echo.body.contains(#""site":"mrc""#) && echo.body.contains(#""count":2"#))
        }
    }

    @Test(arguments: [HTTPMethod.put, .patch, .delete])
    func otherMethodsCarryTheirNameAndBody(method: HTTPMethod) async throws {
        try await withLoopbackServer(testServerRouter()) { base in
            let request = OutboundRequest(method: method, url: "\(base)/echo", body: Array("payload".utf8))
            let echo = try await client.execute(request).decodeJSON(Echo.self)
            #expect(echo.method == method.rawValue)
            #expect(echo.body == "payload")
        }
    }

    @Test func headReturnsHeadersWithoutBody() async throws {
        try await withLoopbackServer(testServerRouter()) { base in
            let response = try await client.execute(OutboundRequest(method: .head, url: "\(base)/echo"))
            #expect(response.status == 200)
            #expect(response.headers["X-Head"] == "yes")
            #expect(response.body.isEmpty)
        }
    }

    @Test func errorStatusIsAResponseNotAnError() async throws {
        try await withLoopbackServer(testServerRouter()) { base in
            let response = try await client.get("\(base)/status/503")
            #expect(response.status == 503)
            #expect(!response.isSuccess)
            #expect(response.text == "status 503")
        }
    }

    @Test func nonJSONAnswerFailsToDecode() async throws {
        try await withLoopbackServer(testServerRouter()) { base in
            let response = try await client.get("\(base)/text")
            #expect(response.text == "this is not JSON")
            let error = await failure { try response.decodeJSON([String: String].self) }
            guard case .invalidJSON? = error else { Issue.record("unexpected \(String(describing: error))"); return }
        }
    }

    @Test func slowServerTimesOut() async throws {
        try await withLoopbackServer(testServerRouter()) { base in
            let started = ContinuousClock.now
            let request = OutboundRequest(url: "\(base)/sleep/8000", timeout: .milliseconds(300))
            await #expect(throws: OutboundError.timeout) { try await client.execute(request) }
            // Well before the server answers (bounds are loose: tests share two cores).
            #expect(ContinuousClock.now - started < .seconds(6))
        }
    }

    @Test func closedPortIsRefused() async throws {
        let base = try await withLoopbackServer(testServerRouter()) { $0 }  // the server is gone now
        let error = await failure { try await client.get("\(base)/echo") }
        guard case .connectionRefused? = error else { Issue.record("unexpected \(String(describing: error))"); return }
    }

    @Test func unknownHostIsReported() async throws {
        let error = await failure { try await client.get("http://no-such-host.invalid/") }
        guard case .hostNotFound? = error else { Issue.record("unexpected \(String(describing: error))"); return }
    }

    @Test(arguments: ["ftp://example.org/file", "not a url", "http://", "file:///etc/passwd", "/relative/path"])
    func invalidURLsAreRefusedBeforeConnecting(url: String) async throws {
        let error = await failure { try await client.get(url) }
        guard case .invalidURL? = error else { Issue.record("unexpected \(String(describing: error))"); return }
    }

    @Test func headerWithLineBreakIsRefused() async throws {
        let error = await failure { try await client.get("http://localhost:1/", headers: ["X-Test": "a\r\nInjected: yes"]) }
        guard case .invalidRequest? = error else { Issue.record("unexpected \(String(describing: error))"); return }
    }

    @Test(arguments: ["bytes/2000000", "stream/32"])  // announced by Content-Length / streamed
    func oversizeAnswerIsRefused(path: String) async throws {
        try await withLoopbackServer(testServerRouter()) { base in
            await #expect(throws: OutboundError.responseTooLarge(limit: 1 << 20)) {
                try await client.get("\(base)/\(path)")
            }
            // Exactly at the limit is fine.
            let atLimit = try await client.get("\(base)/bytes/\(1 << 20)")
            #expect(atLimit.body.count == 1 << 20)
        }
    }

    @Test func sameOriginRedirectsAreFollowed() async throws {
        try await withLoopbackServer(testServerRouter()) { base in
            let relative = try await client.get("\(base)/redirect/302?/echo")
            #expect(try relative.decodeJSON(Echo.self).method == "GET")

            let absolute = try await client.get("\(base)/redirect/301?\(base)/echo")
            #expect(absolute.status == 200)

            // 303 turns a POST into a GET; 307 repeats the POST with its body.
            let seeOther = try await client.post("\(base)/redirect/303?/echo", body: Array("x".utf8))
            #expect(try seeOther.decodeJSON(Echo.self) == Echo(method: "GET", testHeader: nil, contentType: nil, body: ""))
            let temporary = try await client.post("\(base)/redirect/307?/echo", body: Array("x".utf8))
            #expect(try temporary.decodeJSON(Echo.self).body == "x")
        }
    }

    @Test func crossOriginRedirectIsRefused() async throws {
        try await withLoopbackServer(testServerRouter()) { base in
            let port = base.split(separator: ":").last!
            for target in ["http://localhost:\(port)/echo", "https://127.0.0.1:\(port)/echo", "http://elsewhere.example/echo"] {
                let error = await failure {
                    try await client.get("\(base)/redirect/302?\(target)", headers: ["Authorization": "Bearer secret"])
                }
                guard case .redirectRefused? = error else { Issue.record("\(target): \(String(describing: error))"); continue }
            }
        }
    }

    @Test func redirectLoopStops() async throws {
        try await withLoopbackServer(testServerRouter()) { base in
            await #expect(throws: OutboundError.tooManyRedirects(limit: 5)) { try await client.get("\(base)/loop") }
        }
    }

    @Test func manyRequestsRunConcurrently() async throws {
        try await withLoopbackServer(testServerRouter()) { base in
            let started = ContinuousClock.now
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<64 {
                    group.addTask { try await client.get("\(base)/sleep/1000").status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 200, count: 64))
            // One after another this would take 64 × 1 s.
            #expect(ContinuousClock.now - started < .seconds(20))
        }
    }

    @Test func cancellingTheTaskStopsTheTransfer() async throws {
        try await withLoopbackServer(testServerRouter()) { base in
            let started = ContinuousClock.now
            let task = Task { try await client.get("\(base)/sleep/8000") }
            try await Task.sleep(for: .milliseconds(100))
            task.cancel()
            await #expect(throws: OutboundError.cancelled) { try await task.value }
            #expect(ContinuousClock.now - started < .seconds(6))
        }
    }

    @Test func shutdownFailsRequestsInFlightAndAfter() async throws {
        let client = OutboundHTTPClient()
        try await withLoopbackServer(testServerRouter()) { base in
            let inFlight = Task { try await client.get("\(base)/sleep/1500") }
            try await Task.sleep(for: .milliseconds(100))
            client.shutdown()
            await #expect(throws: OutboundError.shutDown) { try await inFlight.value }
            await #expect(throws: OutboundError.shutDown) { try await client.get("\(base)/echo") }
        }
    }
}
