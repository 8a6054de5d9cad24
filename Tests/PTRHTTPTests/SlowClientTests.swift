import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import PTRCore
import PTRHTTP
import PTRTesting
import Testing

/// Clients that misbehave below HTTP: half a request, a stalled body, a hang-up mid-body. Each runs
/// against a real server on a loopback port. (The connection cap is tested on the binary, in
/// EndToEndTests: Hummingbird's live test mode drops it when it rebinds the server to port 0.)
@Suite struct SlowClientTests {
    /// A real server on a loopback port. The tests talk to it over raw connections only: the test
    /// client's own kept-alive connection would itself be closed by the short timeouts under test.
    static func withLiveApp(
        _ environment: [String: String], _ test: @escaping @Sendable (_ port: Int, _ log: LogCapture) async throws -> Void
    ) async throws {
        let log = LogCapture()
        try await TestDatabase.with(.sqlite) { database in
            let logger = log.logger
            let app = try await ServiceApplication.build(
                configuration: try database.configuration(.jobs, extra: environment), migrations: [], logger: logger
            ) { context in
                context.routes.post("/echo", summary: "Echo the body") { request, _ in .json(.object(try await request.jsonObject(.lenient(limit: 1 << 20)))) }
                return []
            }
            try await app.test(.live) { client in try await test(try #require(client.port), log) }
        }
    }

    /// A whole request on a new connection, as a well-behaved client sends it; the answer's text.
    static func request(_ port: Int, _ head: String, body: String = "") async throws -> String {
        let connection = try RawConnection(port: port)
        try connection.send("\(head) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
        return await connection.receive(for: .seconds(20)).text
    }

    /// The value of one sample of `/metrics`, 0 when it was never recorded.
    static func metric(_ sample: String, _ port: Int) async throws -> Int {
        let exposition = try await request(port, "GET /metrics")
        let line = exposition.split(separator: "\n").first { $0.hasPrefix(sample + " ") }
        return line.flatMap { Int($0.split(separator: " ").last!.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
    }

    static func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
        for _ in 0..<100 {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    @Test("connections that send half a request head are closed after the header timeout; others are served")
    func halfRequestHeadsAreClosed() async throws {
        try await Self.withLiveApp(["PTR_HTTP_HEADER_TIMEOUT_S": "2"]) { port, log in
            let count = 300
            let connections = try (0..<count).map { _ in try RawConnection(port: port) }
            for connection in connections { try connection.send("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-") }
            let answer = try await Self.request(port, "POST /echo", body: #"{"a": 1}"#)
            #expect(answer.hasSuffix(#"{"a":1}"#), "a client that behaves is served meanwhile: \(answer)")
            let start = ContinuousClock.now
            var closed = 0
            for connection in connections {
                if await connection.receive(for: .seconds(20)).closed { closed += 1 }
            }
            #expect(closed == count)
            #expect(ContinuousClock.now - start < .seconds(20))
            // The test framework's own client connection, idle since it opened, may be counted too.
            #expect(try await Self.metric(#"http_slow_clients_closed_total{waiting_for="header"}"#, port) >= count)
            #expect(log.errors.isEmpty, "\(log.errors)")
        }
    }

    @Test("a body that stalls is closed after the body timeout, quietly")
    func stalledBodyIsClosed() async throws {
        try await Self.withLiveApp(["PTR_HTTP_BODY_TIMEOUT_S": "1"]) { port, log in
            let connection = try RawConnection(port: port)
            try connection.send("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n{\"a\": ")
            let start = ContinuousClock.now
            #expect(await connection.receive(for: .seconds(10)).closed)
            #expect(ContinuousClock.now - start < .seconds(10))
            #expect(try await Self.metric(#"http_slow_clients_closed_total{waiting_for="body"}"#, port) == 1)
            #expect(log.errors.isEmpty, "\(log.errors)")
        }
    }

    @Test("a client that hangs up mid-body is counted and logged at debug level, not as an error")
    func hangUpMidBodyIsQuiet() async throws {
        try await Self.withLiveApp([:]) { port, log in
            for _ in 0..<20 {
                let connection = try RawConnection(port: port)
                try connection.send("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n\r\n{\"a\": ")
                connection.close()
            }
            #expect(try await Self.eventually { try await Self.metric("http_client_disconnects_total", port) == 20 })
            #expect(log.errors.isEmpty, "\(log.errors)")
            #expect(log.lines.current.contains { $0.hasPrefix("debug client went away") })
        }
    }
}
