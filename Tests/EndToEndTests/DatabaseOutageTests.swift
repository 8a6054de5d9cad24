import Foundation
import PTRCore
import PTROutbound
import PTRTesting
import Testing

/// The services against a PostgreSQL that is not there yet, or goes away under them: they stay up,
/// answer 503 within the database timeout, never run a write late, and recover by themselves.
/// Each test has a cluster of its own (postgres-cluster.sh), so stopping it disturbs no other test.
@Suite(.serialized, .enabled(if: TestBackend.enabled.contains(.postgres), "needs PostgreSQL (make test)"))
struct DatabaseOutageTests {
    /// A client that gives up after 15 s, as an impatient user would.
    static let impatient = OutboundHTTPClient(configuration: .init(connectTimeout: .seconds(2), timeout: .seconds(15)))
    /// The database timeout of the services (their default, PTR_DATABASE_TIMEOUT_MS=3000), plus
    /// slack for a machine loaded by the other suites: a 503 must come within this.
    static let answerBound: Duration = .seconds(10)

    @Test("a service started before its PostgreSQL is healthy, not ready, answers 503, then becomes ready by itself")
    func serviceStartedBeforeItsDatabase() async throws {
        try await OwnPostgres.with { postgres in
            try await ServiceCluster.with { cluster in
                let queue = try await cluster.start("ptr-pipe-queue", port: try ServiceProcess.freePorts(1)[0],
                                                    environment: ["PTR_DATABASE_URL": postgres.url])
                #expect(try await queue.get("/health").status == 200)
                #expect(try await queue.get("/ready").status == 503)
                try await Self.expectUnavailable(queue, "/pipe/queue", #"{"queue_name": "early"}"#)

                try await postgres.start()
                #expect(try await Self.becomesReady(queue), "ready without a restart")
                let created = try await queue.observatory("/pipe/queue", #"{"queue_name": "early"}"#)
                #expect(created.status == 200, "\(created.text)")
                #expect(queue.process.process.isRunning)
                #expect(!queue.process.standardError().contains("Fatal error"))
            }
        }
    }

    @Test("PostgreSQL stopped for 30 s under running services: 503s in time, nothing runs late, recovery without a restart")
    func databaseStoppedUnderRunningServices() async throws {
        try await OwnPostgres.with { postgres in
            try await postgres.start()
            try await ServiceCluster.with { cluster in
                let ports = try ServiceProcess.freePorts(2)
                let queue = try await cluster.start("ptr-pipe-queue", port: ports[0], environment: ["PTR_DATABASE_URL": postgres.url])
                let jobs = try await cluster.start("ptr-jobs", port: ports[1], environment: ["PTR_DATABASE_URL": postgres.url])
                for service in [queue, jobs] { #expect(try await Self.becomesReady(service)) }
                #expect(try await queue.observatory("/pipe/queue", #"{"queue_name": "outage"}"#).status == 200)
                #expect(try await Self.enqueue(queue, "before").status == 200)

                try await postgres.stop()
                let outageEnds = ContinuousClock.now + .seconds(30)
                var attempts = 0
                while ContinuousClock.now < outageEnds {
                    attempts += 1
                    try await Self.expectUnavailable(queue, "/pipe/enqueue", Self.item("during-\(attempts)"))
                    try await Self.expectUnavailable(jobs, "/jobs/getnewjobs", #"{"site": "tst"}"#)
                    #expect(try await queue.get("/ready").status == 503)
                    #expect(try await jobs.get("/health").status == 200)
                }
                #expect(attempts >= 3)
                try await postgres.start()

                for service in [queue, jobs] { #expect(try await Self.becomesReady(service), "\(service.process.binary) recovers by itself") }
                // An enqueue that answered 503 must never be executed once the database is back.
                try await Task.sleep(for: .seconds(2))
                let waiting = try await queue.get("/pipe/queue/outage?limit=100").json()
                #expect(waiting.arrayValue?.map { $0["payload"]?["name"] } == [.string("before")], "\(waiting)")
                #expect(try await Self.enqueue(queue, "after").status == 200)
                #expect(try await jobs.observatory("/jobs/getnewjobs", #"{"site": "tst"}"#).text == "[]")
                for service in [queue, jobs] {
                    #expect(service.process.process.isRunning, "\(service.process.binary) stayed up")
                    #expect(!service.process.standardError().contains("Fatal error"))
                }
            }
        }
    }

    static func item(_ name: String) -> String {
        #"{"queue_name": "outage", "payload": {"name": "\#(name)"}, "sender": "outage-test"}"#
    }

    static func enqueue(_ queue: ServiceCluster.Service, _ name: String) async throws -> OutboundResponse {
        try await queue.observatory("/pipe/enqueue", item(name))
    }

    /// The route answers 503 with a JSON message and `Retry-After`, within the bound.
    static func expectUnavailable(_ service: ServiceCluster.Service, _ path: String, _ body: String) async throws {
        let start = ContinuousClock.now
        let response = try await impatient.post(service.base + path, body: Array(body.utf8))
        let elapsed = ContinuousClock.now - start
        #expect(response.status == 503, "\(path): \(response.status) \(response.text)")
        #expect(response.headers["Retry-After"] != nil)
        #expect(try response.json()["message"]?.stringValue?.isEmpty == false)
        #expect(elapsed < answerBound, "\(path) answered after \(elapsed)")
    }

    /// Polls `/ready` for up to 90 s (postgres-nio's reconnect back-off grows while the database is away).
    static func becomesReady(_ service: ServiceCluster.Service) async throws -> Bool {
        for _ in 0..<180 {
            if (try? await impatient.get(service.base + "/ready"))?.status == 200 { return true }
            try await Task.sleep(for: .milliseconds(500))
        }
        return false
    }
}

/// A PostgreSQL cluster of one test's own, on a free loopback port, not started until asked.
struct OwnPostgres: Sendable {
    let folder: String
    let port: Int
    var url: String { "postgres://ptr@127.0.0.1:\(port)/postgres" }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("deploy/local/postgres-cluster.sh").path

    static func with<T>(_ test: (OwnPostgres) async throws -> T) async throws -> T {
        let postgres = OwnPostgres(folder: NSTemporaryDirectory() + "ptr-outage-pg-\(UUID().uuidString)", port: try ServiceProcess.freePorts(1)[0])
        try await postgres.run("init", String(postgres.port))
        do {
            let result = try await test(postgres)
            try await postgres.run("remove")
            return result
        } catch {
            try? await postgres.run("remove")
            throw error
        }
    }

    func start() async throws { try await run("start") }
    func stop() async throws { try await run("stop") }

    private func run(_ arguments: String...) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [Self.script, arguments[0], folder] + arguments.dropFirst()
        let status = try await ProcessLaunch.exitStatus(of: process)
        guard status == 0 else {
            throw ServiceProcess.Failure("postgres-cluster.sh \(arguments.joined(separator: " ")) exited \(status)")
        }
    }
}

/// The connection cap of the binary (PTR_HTTP_MAX_CONNECTIONS): connections beyond it wait in the
/// listen backlog, and are served once others close.
@Suite struct ConnectionCapTests {
    @Test("connections beyond the cap wait until others close")
    func connectionsBeyondTheCapWait() async throws {
        try await ServiceCluster.with { cluster in
            let port = try ServiceProcess.freePorts(1)[0]
            _ = try await cluster.start("ptr-pipe-queue", port: port, environment: ["PTR_HTTP_MAX_CONNECTIONS": "3"])
            // The server accepts a few connections per wake-up (NIO reads up to four) and checks the
            // cap between reads, so ten are sure to reach it.
            let held = try (0..<10).map { _ in try RawConnection(port: port) }
            try await Task.sleep(for: .milliseconds(300))
            let waiting = try RawConnection(port: port)
            try waiting.send("GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            #expect(await waiting.receive(for: .seconds(1)).text.isEmpty, "no answer while the cap is reached")
            held.forEach { $0.close() }
            let answer = await waiting.receive(for: .seconds(10)).text
            #expect(answer.hasPrefix("HTTP/1.1 200"), "\(answer)")
        }
    }
}
