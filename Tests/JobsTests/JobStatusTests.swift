import Foundation
import PTRCore
import PTRTesting
import Testing

@testable import Jobs

/// spec/jobs.md §9 cases 31–39: `updatejobstatus`, `startjob`, `getrecentjobs` (open routes).
@Suite struct JobStatusTests {
    func job(_ jobs: JobsHarness, _ site: String, _ ulid: String) async throws -> JSONValue? {
        try await jobs.recent(site).first { $0["ulid"] == .string(ulid) }
    }

    @Test("31-32: status word, secondsUntilComplete and the -1 rule", arguments: TestBackend.enabled)
    func updateStatus(backend: TestBackend) async throws {
        try await withJobs(backend) { jobs in
            let site = uniqueSite()
            let ulid = try await jobs.created(uiBody(site))["ulid"]!.stringValue!
            let reply = try await jobs.post("updatejobstatus", #"{"site": "\#(site)", "ulid": "\#(ulid)", "newStatus": "EXPOSING", "secondsUntilComplete": 15}"#)
            #expect(reply.status == .ok)
            #expect(try reply.json()["ResponseMetadata"]?["HTTPStatusCode"] == 200)
            var stored = try await job(jobs, site, ulid)
            #expect(stored?["statusId"] == .string("EXPOSING#" + ulid))
            #expect(stored?["secondsUntilComplete"] == 15)
            for (field, expected) in [("", JSONValue.integer(-1)), (#", "secondsUntilComplete": null"#, .null), (#", "secondsUntilComplete": "60""#, "60"),
                                      (#", "secondsUntilComplete": 2.5"#, 2.5)] {
                let body = #"{"site": "\#(site)", "ulid": "\#(ulid)", "newStatus": "EXPOSING"\#(field)}"#
                #expect(try await jobs.post("updatejobstatus", body).status == .ok)
                stored = try await job(jobs, site, ulid)
                #expect(stored?["secondsUntilComplete"] == expected, "body \(body)")
            }
        }
    }

    @Test("33-34: missing keys; an unknown job is 404 and nothing is created", arguments: TestBackend.enabled)
    func refusals(backend: TestBackend) async throws {
        try await withJobs(backend) { jobs in
            let site = uniqueSite()
            let keyText = "Requires 'site' and 'jobId' in the body payload."
            let cases: [(String, String, String)] = [
                ("updatejobstatus", #"{"site": "\#(site)", "newStatus": "X"}"#, keyText),
                ("updatejobstatus", #"{"ulid": "U", "newStatus": "X"}"#, keyText),
                ("updatejobstatus", #"{"site": "\#(site)", "ulid": 5, "newStatus": "X"}"#, keyText),
                ("startjob", #"{"site": "", "ulid": "U"}"#, keyText),
                ("updatejobstatus", #"{"site": "\#(site)", "ulid": "U"}"#, "Error: missing required key newStatus"),
                ("updatejobstatus", #"{"site": "\#(site)", "ulid": "U", "newStatus": 3}"#, "Error: newStatus must be a non-empty string"),
                ("updatejobstatus", #"{"site": "\#(site)", "ulid": "U", "newStatus": "\#(String(repeating: "S", count: 65))"}"#,
                 "Error: newStatus must be a non-empty string"),
                ("startjob", "nope", "Error: request body must be a JSON object"),
            ]
            for (route, body, text) in cases {
                let reply = try await jobs.post(route, body)
                #expect(reply.status == .badRequest, "\(route) \(body)")
                #expect(reply.text == text)
            }
            for route in ["updatejobstatus", "startjob"] {
                let reply = try await jobs.post(route, #"{"site": "\#(site)", "ulid": "01HZZZZZZZZZZZZZZZZZZZZZZZ", "newStatus": "UNREAD"}"#)
                #expect(reply.status == .notFound)
                #expect(reply.text == "Error: job not found")
            }
            #expect(try await jobs.recent(site) == [])
            #expect(try await jobs.poll(site) == [])
        }
    }

    @Test("35-36: back to UNREAD re-queues on the queue named", arguments: TestBackend.enabled)
    func requeue(backend: TestBackend) async throws {
        try await withJobs(backend) { jobs in
            let site = uniqueSite()
            let ulid = try await jobs.created(uiBody(site))["ulid"]!.stringValue!
            #expect(ulids(try await jobs.poll(site)) == [ulid])
            _ = try await jobs.post("updatejobstatus", #"{"site": "\#(site)", "ulid": "\#(ulid)", "newStatus": "UNREAD"}"#)
            #expect(ulids(try await jobs.poll(site)) == [ulid])
            #expect(try await jobs.poll(site) == [])

            #expect(ulids(try await jobs.poll(site, alternate: true)) == [ulid])
            _ = try await jobs.post("updatejobstatus", #"{"site": "\#(site)", "ulid": "\#(ulid)", "newStatus": "UNREAD", "alternateQueue": true}"#)
            #expect(try await jobs.poll(site) == [], "the primary queue is unaffected")
            #expect(ulids(try await jobs.poll(site, alternate: true)) == [ulid])
        }
    }

    @Test("37: startjob on either queue", arguments: TestBackend.enabled)
    func startJob(backend: TestBackend) async throws {
        try await withJobs(backend) { jobs in
            let site = uniqueSite()
            let ulid = try await jobs.created(uiBody(site))["ulid"]!.stringValue!
            #expect(try await jobs.post("startjob", #"{"site": "\#(site)", "ulid": "\#(ulid)"}"#).json()["ResponseMetadata"]?["HTTPStatusCode"] == 200)
            var stored = try await job(jobs, site, ulid)
            #expect(stored?["statusId"] == .string("STARTED#" + ulid))
            #expect(stored?["secondsUntilComplete"] == -1)
            #expect(try await jobs.post("startjob", #"{"site": "\#(site)", "ulid": "\#(ulid)", "alternateQueue": true}"#).status == .ok)
            stored = try await job(jobs, site, ulid)
            #expect(stored?["replicaStatusId"] == .string("STARTED#" + ulid))
            #expect(stored?["statusId"] == .string("STARTED#" + ulid))
        }
    }

    @Test("38-39: getrecentjobs window, order and timeRange", arguments: TestBackend.enabled)
    func recentJobs(backend: TestBackend) async throws {
        try await withJobs(backend) { jobs in
            let site = uniqueSite()
            var created: [String] = []
            for _ in 0..<3 { created.append(try await jobs.created(uiBody(site))["ulid"]!.stringValue!) }
            _ = try await jobs.poll(site)
            _ = try await jobs.post("startjob", #"{"site": "\#(site)", "ulid": "\#(created[1])"}"#)
            let all = try await jobs.recent(site)
            #expect(ulids(all) == created)
            #expect(all.map { $0["statusId"]!.stringValue!.prefix(while: { $0 != "#" }) } == ["RECEIVED", "STARTED", "RECEIVED"])

            try await Task.sleep(for: .milliseconds(50))
            func recent(_ range: String) async throws -> TestReply {
                try await jobs.post("getrecentjobs", #"{"site": "\#(site)", "timeRange": \#(range)}"#)
            }
            #expect(try await recent("1").json() == [])
            #expect(try await recent("-5").json() == [])
            #expect(try await recent("1e15").json().arrayValue.map(ulids) == created)
            let fresh = try await jobs.created(uiBody(site))["ulid"]!.stringValue!
            #expect(try await recent("60000").json().arrayValue.map(ulids) == created + [fresh])
            let wrong = try await recent(#""86400000""#)
            #expect(wrong.status == .badRequest)
            #expect(wrong.text == "Error: timeRange must be a number")
            let missing = try await jobs.post("getrecentjobs", "{}")
            #expect(missing.status == .badRequest)
            #expect(missing.text == "Error: missing required key site")
        }
    }

    @Test("getrecentjobs keeps the newest PTR_JOBS_RECENT_MAX, in ascending order", arguments: TestBackend.enabled)
    func recentCap(backend: TestBackend) async throws {
        var settings = JobsSettings()
        settings.maximumRecent = 2
        try await withJobs(backend, settings: settings) { jobs in
            let site = uniqueSite()
            var created: [String] = []
            for _ in 0..<3 { created.append(try await jobs.created(uiBody(site))["ulid"]!.stringValue!) }
            #expect(ulids(try await jobs.recent(site)) == Array(created[1...]))
        }
    }
}
