import Foundation
import PTRCore
import PTRTesting
import Testing

@testable import Jobs

/// spec/jobs.md §9 cases 40–43 and the bad-input rules of §3, §7.3.
@Suite struct TransportTests {
    @Test("40: preflight without auth", arguments: TestBackend.enabled)
    func preflight(backend: TestBackend) async throws {
        try await withJobs(backend) { jobs in
            let reply = try await jobs.client.send(.options, "/jobs/newjob")
            #expect(reply.status == .ok)
            #expect(reply["Access-Control-Allow-Origin"] == "*")
            #expect(reply["Access-Control-Allow-Methods"]?.contains("POST") == true)
            let allowed = reply["Access-Control-Allow-Headers"] ?? ""
            #expect(allowed.contains("Authorization") && allowed.contains("Content-Type"))
        }
    }

    @Test("41: stage prefixes, bare paths, trailing slash and //", arguments: TestBackend.enabled)
    func paths(backend: TestBackend) async throws {
        try await withJobs(backend) { jobs in
            let site = uniqueSite()
            for path in ["/dev/getnewjobs", "/test/getnewjobs", "/getnewjobs", "/jobs/getnewjobs/", "/jobs//getnewjobs"] {
                let reply = try await jobs.client.send(.post, path, body: #"{"site": "\#(site)"}"#)
                #expect(reply.status == .ok, "path \(path)")
                #expect(reply.text == "[]")
            }
            #expect(try await jobs.newJob(uiBody(site), token: try await token(), path: "/dev/newjob/").status == .ok)
            #expect(try await jobs.client.send(.get, "/jobs/getnewjobs").status == .forbidden)
        }
    }

    @Test("42: CORS on every kind of answer; text bodies unquoted", arguments: TestBackend.enabled)
    func corsEverywhere(backend: TestBackend) async throws {
        try await withJobs(backend) { jobs in
            let site = uniqueSite()
            let replies = [
                try await jobs.post("getnewjobs", #"{"site": "\#(site)"}"#),
                try await jobs.post("startjob", #"{"site": "\#(site)"}"#),
                try await jobs.post("startjob", #"{"site": "\#(site)", "ulid": "X"}"#),
                try await jobs.newJob(uiBody(site), token: nil),
            ]
            for reply in replies {
                #expect(reply["Access-Control-Allow-Origin"] == "*")
                #expect(reply["Access-Control-Allow-Credentials"] == "true")
            }
            #expect(replies[2].text == "Error: job not found")
        }
    }

    @Test("43: bodies over 400 KiB: 413, text or JSON by route, nothing changed", arguments: TestBackend.enabled)
    func oversize(backend: TestBackend) async throws {
        try await withJobs(backend) { jobs in
            let site = uniqueSite()
            let ulid = try await jobs.created(uiBody(site))["ulid"]!.stringValue!
            let padding = String(repeating: "x", count: 500_000)
            let big = #"{"site": "\#(site)", "ulid": "\#(ulid)", "pad": "\#(padding)"}"#
            let start = try await jobs.post("startjob", big)
            #expect(start.status == .contentTooLarge)
            #expect(start.text == "Request body too large")
            let poll = try await jobs.post("getnewjobs", big)
            #expect(poll.status == .contentTooLarge)
            #expect(try poll.json() == ["message": "Request body too large"])
            let create = try await jobs.newJob(uiBody(site, ["optional_params": ["pad": .string(padding)]]), token: try await token())
            #expect(create.status == .contentTooLarge)
            let stored = try await jobs.recent(site)
            #expect(ulids(stored) == [ulid])
            #expect(stored.first?["statusId"] == .string("UNREAD#" + ulid))
        }
    }

    @Test("unknown actions and hostile strings are stored and returned verbatim", arguments: TestBackend.enabled)
    func hostileStrings(backend: TestBackend) async throws {
        try await withJobs(backend) { jobs in
            let site = "mrc1'; DROP TABLE jobs; --"
            let strange: JSONObject = [
                "action": "self_destruct\u{0}", "device": "<script>alert(1)</script>", "instance": "ünïcødé 🔭",
                "user_name": ["nested": [1, 2]], "required_params": ["quote": "\"\\'", "big": 12_345_678_901_234],
            ]
            let created = try await jobs.created(uiBody(site, strange))
            let polled = try #require(try await jobs.poll(site).first)
            for key in ["action", "deviceType", "deviceInstance", "user_name", "required_params", "site"] {
                #expect(polled[key] == created[key], "key \(key)")
            }
            #expect(polled["action"] == "self_destruct\u{0}")
            #expect(polled["deviceType"] == "<script>alert(1)</script>")
            #expect(try await jobs.recent(uniqueSite()) == [])
        }
    }

    @Test("ULIDs increase strictly within a millisecond and carry their time")
    func monotonicULIDs() {
        let generator = ULIDGenerator()
        let now = Date()
        let texts = (0..<1000).map { _ in generator.next(now: now).description }
        #expect(texts == texts.sorted())
        #expect(Set(texts).count == texts.count)
        #expect(texts.allSatisfy { ULID.milliseconds(of: $0) == unixMilliseconds(now) && $0.count == 26 })
        let earlier = generator.next(now: now.addingTimeInterval(-1)).description
        #expect(earlier > texts.last!, "a clock stepping back does not reorder")
    }
}
