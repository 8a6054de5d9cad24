import Foundation
import PTROutbound
import Testing

/// The built binaries themselves, as `make run` and a container start them.
@Suite struct ServiceBinaryTests {
    static let client = ServiceProcess.client

    @Test("a bad setting stops the binary with one line naming it", arguments: [
        ("PTR_PORT", "abc", "PTR_PORT=\"abc\" is invalid: expected a TCP port number (0-65535)"),
        ("PTR_DATABASE_URL", "mysql://db/x", "PTR_DATABASE_URL=\"mysql://db/x\" is invalid: expected sqlite:<path> or postgres://user:pass@host:port/db"),
    ])
    func badConfiguration(variable: String, value: String, message: String) async throws {
        let logs = FileManager.default.temporaryDirectory.appendingPathComponent("ptr-e2e-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: logs) }
        let run = try ServiceProcess.start("ptr-pipe-queue", environment: [variable: value], logFolder: logs)
        await run.waitForExit()
        #expect(run.process.terminationStatus == 2)
        #expect(run.standardError() == "ptr-pipe-queue: \(message)\n")
    }

    @Test("serves on its port, then stops cleanly on SIGTERM", arguments: ["ptr-pipe-queue", "ptr-projects", "ptr-calendar", "ptr-jobs", "ptr-api", "ptr-archive"])
    func startAndStop(binary: String) async throws {
        let port = Int.random(in: 20000...40000)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ptr-e2e-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = try ServiceProcess.start(binary, environment: ["PTR_PORT": String(port), "PTR_DATA_DIR": directory, "PTR_LOG_FORMAT": "json"],
                                         logFolder: URL(fileURLWithPath: directory))
        let base = "http://127.0.0.1:\(port)"
        let health = try await run.waitUntilReady(base)
        #expect(health.status == 200)
        #expect(try await Self.client.get("\(base)/ready").status == 200)
        #expect(try await Self.client.get("\(base)/api/openapi.json").status == 200)

        run.process.terminate()  // SIGTERM
        await run.waitForExit()
        #expect(run.process.terminationStatus == 0)
        // One JSON log line per request, each with a request id.
        let requestLines = run.standardOutput().split(separator: "\n").filter { $0.contains(#""message":"request""#) }
        #expect(requestLines.count >= 3)
        #expect(requestLines.allSatisfy { $0.hasPrefix("{") && $0.contains(#""request_id":""#) })
    }

    @Test("the pipe queue round trip of README works against the binary")
    func pipeQueueRoundTrip() async throws {
        let port = Int.random(in: 20000...40000)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ptr-e2e-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = try ServiceProcess.start("ptr-pipe-queue", environment: ["PTR_PORT": String(port), "PTR_DATA_DIR": directory],
                                         logFolder: URL(fileURLWithPath: directory))
        defer { run.process.terminate() }
        let base = "http://127.0.0.1:\(port)/api"
        _ = try await run.waitUntilReady("http://127.0.0.1:\(port)")
        #expect(try await Self.client.post("\(base)/pipe/queue", body: Array(#"{"queue_name": "lcs1"}"#.utf8)).text == #"{"message":"Queue created: lcs1"}"#)
        // The observatory's enqueue: to a doubled slash, JSON with a Content-Type.
        let enqueued = try await Self.client.post("\(base)//pipe/enqueue/", body: Array(#"{"queue_name": "lcs1", "payload": {"request": "EVA_process_files", "request_content": ["a.fits,", "b.fits"]}, "sender": "lcs1"}"#.utf8),
                                                  headers: ["Content-Type": "application/json"])
        #expect(enqueued.status == 200)
        let dequeued = try await Self.client.post("\(base)/pipe/queue/lcs1/dequeue", body: [])
        #expect(dequeued.text.contains(#""request_content":["a.fits,","b.fits"]"#))
        #expect(try await Self.client.post("\(base)/pipe/queue/lcs1/dequeue", body: []).status == 404)
    }
}
