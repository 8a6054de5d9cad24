import Foundation
import HTTPTypes
import PTRCore
import PTRTesting
import Testing

@testable import Jobs

/// spec/jobs.md §9 cases 1–20: `newjob` as the UI sends it.
@Suite struct NewJobTests {
    static let documentKeys = ["site", "ulid", "statusId", "replicaStatusId", "user_name", "user_id", "user_roles", "timestamp_ms",
                               "deviceType", "deviceInstance", "action", "optional_params", "required_params", "table_response"]

    @Test("1-2: the job document, its ulid, statusId and timestamp_ms", arguments: TestBackend.enabled)
    func document(backend: TestBackend) async throws {
        try await withJobs(backend) { jobs in
            let site = uniqueSite()
            let reply = try await jobs.newJob(uiBody(site), token: try await token("u1", []))
            #expect(reply.status == .ok)
            let job = try reply.json()
            #expect(job.objectValue.map { Set($0.keys) } == Set(Self.documentKeys))
            let positions = Self.documentKeys.compactMap { reply.text.range(of: "\"\($0)\":")?.lowerBound }
            #expect(positions.count == Self.documentKeys.count && positions == positions.sorted(), "keys in the original's order")
            #expect(job["deviceType"] == "camera")
            #expect(job["deviceInstance"] == "camera1")
            #expect(job["site"] == .string(site))
            #expect(job["table_response"]?["ResponseMetadata"]?["HTTPStatusCode"] == 200)
            let ulid = try #require(job["ulid"]?.stringValue)
            #expect(ulid.wholeMatch(of: /[0-9A-HJKMNP-TV-Z]{26}/) != nil)
            #expect(job["statusId"] == .string("UNREAD#" + ulid))
            #expect(job["replicaStatusId"] == .string("UNREAD#" + ulid))
            guard case .integer(let milliseconds)? = job["timestamp_ms"] else { Issue.record("timestamp_ms not an integer"); return }
            #expect(abs(milliseconds - unixMilliseconds()) < 2000)
            #expect(ULID.milliseconds(of: ulid) == milliseconds)
        }
    }

    @Test("3: roles come from the token, as a JSON string, never from the body", arguments: TestBackend.enabled)
    func rolesFromToken(backend: TestBackend) async throws {
        try await withJobs(backend) { jobs in
            let site = uniqueSite()
            for (roles, expected) in [(["owner"], #"["owner"]"#), ([], "[]"), (["admin", "owner"], #"["admin", "owner"]"#)] {
                let job = try await jobs.created(uiBody(site), roles: roles)
                #expect(job["user_roles"] == .string(expected))
            }
            #expect(try await jobs.poll(site).map { $0["user_roles"] } == [#"["owner"]"#, "[]", #"["admin", "owner"]"#])
        }
    }

    @Test("4: missing keys in table order; nothing stored, calendar not asked", arguments: TestBackend.enabled)
    func missingKeys(backend: TestBackend) async throws {
        try await withJobs(backend) { jobs in
            let site = uniqueSite()
            for (dropped, missing) in [(["site"], "site"), (["device", "user_id"], "device"), (["required_params"], "required_params")] {
                var body = uiBody(site).objectValue!
                for key in dropped { body.removeValue(forKey: key) }
                let reply = try await jobs.newJob(.object(body), token: try await token())
                #expect(reply.status == .badRequest)
                #expect(reply.text == "Error: missing required key \(missing)")
            }
            #expect(try await jobs.poll(site) == [])
            #expect(jobs.calendar.requests.isEmpty)
        }
    }

    @Test("5: no Authorization header: 401 with CORS, no job, calendar not asked", arguments: TestBackend.enabled)
    func noToken(backend: TestBackend) async throws {
        try await withJobs(backend) { jobs in
            let site = uniqueSite()
            let reply = try await jobs.newJob(uiBody(site), token: nil)
            #expect(reply.status == .unauthorized)
            #expect(try reply.json() == ["message": "Unauthorized"])
            #expect(reply["Access-Control-Allow-Origin"] == "*")
            #expect(try await jobs.poll(site) == [])
            #expect(jobs.calendar.requests.isEmpty)
        }
    }

    @Test("6: a body that is not a JSON object", arguments: TestBackend.enabled)
    func notAnObject(backend: TestBackend) async throws {
        try await withJobs(backend) { jobs in
            var headers = HTTPFields()
            headers[.authorization] = "Bearer \(try await token())"
            for body in ["not json", "[1,2]", "", "null", "\"x\""] {
                let reply = try await jobs.client.send(.post, "/jobs/newjob", body: body, headers: headers)
                #expect(reply.status == .badRequest, "body \(body)")
                #expect(reply.text == "Error: request body must be a JSON object")
            }
        }
    }

    @Test("7-8: scalars converted Python-style; arrays, non-objects and empty sites refused", arguments: TestBackend.enabled)
    func fieldTypes(backend: TestBackend) async throws {
        try await withJobs(backend) { jobs in
            let site = uniqueSite()
            let job = try await jobs.created(uiBody(site, ["device": .null, "instance": 2, "action": true]))
            #expect(job["deviceType"] == "None")
            #expect(job["deviceInstance"] == "2")
            #expect(job["action"] == "True")
            let refusals: [(JSONObject, String)] = [
                (["instance": ["a"]], "Error: instance must be a string"),
                (["action": ["a": 1]], "Error: action must be a string"),
                (["required_params": "x"], "Error: required_params must be a JSON object"),
                (["optional_params": []], "Error: optional_params must be a JSON object"),
                (["site": ""], "Error: site must be a non-empty string"),
                (["site": 5], "Error: site must be a non-empty string"),
                (["site": "bad\nsite"], "Error: site must be a non-empty string"),
                (["site": .string(String(repeating: "s", count: 129))], "Error: site must be a non-empty string"),
            ]
            for (change, text) in refusals {
                let reply = try await jobs.newJob(uiBody(site, change), token: try await token())
                #expect(reply.status == .badRequest)
                #expect(reply.text == text)
            }
            #expect(try await jobs.poll(site).count == 1, "only the first job was stored")
        }
    }

    @Test("9: numbers come back with integral values as integers", arguments: TestBackend.enabled)
    func numbers(backend: TestBackend) async throws {
        try await withJobs(backend) { jobs in
            let site = uniqueSite()
            let body = #"{"site": "\#(site)", "device": "camera", "instance": "camera1", "action": "expose", "user_name": "jdoe", "user_id": "u1", "optional_params": {}, "required_params": {"a": 1.0, "b": 2.5, "c": "3"}}"#
            var headers = HTTPFields()
            headers[.authorization] = "Bearer \(try await token())"
            #expect(try await jobs.client.send(.post, "/jobs/newjob", body: body, headers: headers).status == .ok)
            let polled = try await jobs.poll(site)
            #expect(polled.first?["required_params"] == ["a": 1, "b": 2.5, "c": "3"])
            #expect(polled.first?["required_params"]?.jsonText == #"{"a":1,"b":2.5,"c":"3"}"#)
        }
    }

    @Test("10: the query string is ignored; the site is the body's", arguments: TestBackend.enabled)
    func queryIgnored(backend: TestBackend) async throws {
        try await withJobs(backend) { jobs in
            let site = uniqueSite(), other = uniqueSite("other")
            let reply = try await jobs.newJob(uiBody(site), token: try await token(), path: "/jobs/newjob?site=\(other)")
            #expect(reply.status == .ok)
            #expect(try await jobs.poll(other) == [])
            #expect(try await jobs.poll(site).count == 1)
        }
    }

    @Test("11-13, 15, 17: the reservation check against the calendar", arguments: TestBackend.enabled)
    func reservation(backend: TestBackend) async throws {
        try await withJobs(backend) { jobs in
            let testStarted = Date()
            let site = uniqueSite()
            jobs.calendar.answer(#"[{"creator_id": "u2", "site": "\#(site)", "start": "2025-01-01T00:00:00Z", "end": "2099-01-01T00:00:00Z"}]"#)
            let blocked = try await jobs.newJob(uiBody(site), token: try await token("u1", []))
            #expect(blocked.status == .unauthorized)
            #expect(blocked.text == ReservationCheck.blocked)
            #expect(blocked["Access-Control-Allow-Origin"] == "*")
            #expect(blocked["Access-Control-Allow-Credentials"] == "true")

            // 13: the check uses the token's sub, not the body's user_id.
            let spoofed = try await jobs.newJob(uiBody(site, ["user_id": "u2"]), token: try await token("u1", []))
            #expect(spoofed.status == .unauthorized)
            #expect(try await jobs.poll(site) == [])

            // 12: the caller holds one of the current events.
            jobs.calendar.answer(#"[{"creator_id": "u2"}, {"creator_id": "u1"}]"#)
            let own = try await jobs.newJob(uiBody(site, ["user_id": "someone"]), token: try await token("u1", []))
            #expect(own.status == .ok)
            #expect(try own.json()["user_id"] == "someone", "the stored user_id is the body's")

            // 17: an event without creator_id is someone else's.
            jobs.calendar.answer(#"[{"site": "\#(site)"}]"#)
            #expect(try await jobs.newJob(uiBody(site), token: try await token("u1", [])).status == .unauthorized)

            // 15: the request the calendar received.
            let request = try #require(jobs.calendar.requests.last)
            #expect(request.objectValue.map { Array($0.keys) } == ["site", "time"])
            #expect(request["site"] == .string(site))
            let time = try #require(request["time"]?.stringValue)
            #expect(time.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/) != nil)
            let sent = try #require(ISO8601DateFormatter().date(from: time))
            #expect(isStampedDuring(sent, since: testStarted))
            #expect(try await jobs.poll(site).count == 1)
        }
    }

    @Test("14: admins bypass the check without asking the calendar; sysadmin and owner do not", arguments: TestBackend.enabled)
    func adminBypass(backend: TestBackend) async throws {
        try await withJobs(backend) { jobs in
            let site = uniqueSite()
            jobs.calendar.answer(#"[{"creator_id": "u2"}]"#)
            let admin = try await jobs.newJob(uiBody(site), token: try await token("u1", ["admin"]))
            #expect(admin.status == .ok)
            #expect(jobs.calendar.requests.isEmpty)
            #expect(try await jobs.newJob(uiBody(site), token: try await token("u1", ["sysadmin"])).status == .unauthorized)
            #expect(try await jobs.newJob(uiBody(site), token: try await token("u1", ["owner"])).status == .unauthorized)
            #expect(jobs.calendar.requests.count == 2)
        }
    }

    @Test("16: a calendar answering an object, an error status or garbage: 503 for non-admins, nothing queued", arguments: TestBackend.enabled)
    func calendarAnswersBadly(backend: TestBackend) async throws {
        try await withJobs(backend) { jobs in
            let site = uniqueSite()
            for (answer, status) in [(#"{"message": "Internal server error"}"#, 502), (#"{"message": "Internal server error"}"#, 200), ("[]", 500), ("<html>", 200)] {
                jobs.calendar.answer(answer, status: status)
                let reply = try await jobs.newJob(uiBody(site), token: try await token("u1", []))
                #expect(reply.status == .serviceUnavailable, "calendar \(status) \(answer)")
                #expect(reply.text == ReservationCheck.unavailable)
                #expect(reply["Access-Control-Allow-Origin"] == "*")
            }
            #expect(try await jobs.poll(site) == [])
            #expect(try await jobs.newJob(uiBody(site), token: try await token("u1", ["admin"])).status == .ok)
        }
    }

    @Test("18: cancel_all_commands purges every earlier job of the site, both queues, any status", arguments: TestBackend.enabled)
    func cancelPurge(backend: TestBackend) async throws {
        try await withJobs(backend) { jobs in
            let site = uniqueSite(), other = uniqueSite("other")
            let a = try await jobs.created(uiBody(site))
            #expect(ulids(try await jobs.poll(site)) == [a["ulid"]!.stringValue!])
            _ = try await jobs.created(uiBody(site))
            let c = try await jobs.created(uiBody(other))
            let cancel = try await jobs.created(uiBody(site, ["action": "cancel_all_commands", "device": "all", "instance": "all",
                                                              "required_params": [:], "optional_params": [:]]))
            #expect(ulids(try await jobs.recent(site)) == [cancel["ulid"]!.stringValue!])
            #expect(ulids(try await jobs.poll(site)) == [cancel["ulid"]!.stringValue!])
            #expect(ulids(try await jobs.poll(site, alternate: true)) == [cancel["ulid"]!.stringValue!])
            #expect(ulids(try await jobs.poll(other)) == [c["ulid"]!.stringValue!])
        }
    }

    @Test("19: stop does not purge", arguments: TestBackend.enabled)
    func stopDoesNotPurge(backend: TestBackend) async throws {
        try await withJobs(backend) { jobs in
            let site = uniqueSite()
            let a = try await jobs.created(uiBody(site))
            let stop = try await jobs.created(uiBody(site, ["action": "stop", "device": "sequencer", "instance": "sequencer"]))
            #expect(ulids(try await jobs.poll(site)) == [a, stop].map { $0["ulid"]!.stringValue! })
        }
    }

    @Test("20: a cancel blocked by someone else's reservation purges nothing", arguments: TestBackend.enabled)
    func blockedCancel(backend: TestBackend) async throws {
        try await withJobs(backend) { jobs in
            let site = uniqueSite()
            let a = try await jobs.created(uiBody(site))
            jobs.calendar.answer(#"[{"creator_id": "u2"}]"#)
            let reply = try await jobs.newJob(uiBody(site, ["action": "cancel_all_commands"]), token: try await token("u1", []))
            #expect(reply.status == .unauthorized)
            #expect(ulids(try await jobs.poll(site)) == [a["ulid"]!.stringValue!])
        }
    }
}
