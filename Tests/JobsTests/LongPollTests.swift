import Foundation
import HTTPTypes
import HummingbirdTesting
import PTRCore
import PTROutbound
import PTRTesting
import Testing

@testable import Jobs

/// spec/jobs.md §7.4 (extension): `getnewjobs` with `wait_s` answers as soon as a job of the site
/// arrives, or `[]` at the deadline; without it the route does not wait.
@Suite struct LongPollTests {
    @Test("a waiting poll gets a job posted meanwhile, before its deadline", arguments: TestBackend.enabled)
    func wakesOnNewJob(backend: TestBackend) async throws {
        try await withJobs(backend) { jobs in
            let site = uniqueSite(), other = uniqueSite("other")
            let started = ContinuousClock.now
            async let waiting = jobs.post("getnewjobs", #"{"site": "\#(site)", "wait_s": 15}"#)
            try await Task.sleep(for: .milliseconds(300))
            _ = try await jobs.created(uiBody(other))
            let job = try await jobs.created(uiBody(site))["ulid"]!.stringValue!
            let reply = try await waiting
            #expect(reply.status == .ok)
            #expect(try reply.json().arrayValue.map(ulids) == [job])
            #expect(ContinuousClock.now - started < .seconds(15), "answered before the deadline")
            #expect(try await jobs.poll(site) == [], "claimed once")
            #expect(try await jobs.poll(other).count == 1, "the other site's job stayed")
        }
    }

    @Test("nothing arrives: [] at the deadline; wait_s above 20 is capped, negative means no wait", arguments: TestBackend.enabled)
    func deadline(backend: TestBackend) async throws {
        try await withJobs(backend) { jobs in
            let site = uniqueSite()
            let started = ContinuousClock.now
            let waited = try await jobs.post("getnewjobs", #"{"site": "\#(site)", "wait_s": 0.4}"#)
            #expect(try waited.json() == [])
            #expect(ContinuousClock.now - started >= .milliseconds(400))
            #expect(try await jobs.post("getnewjobs", #"{"site": "\#(site)", "wait_s": -3}"#).json() == [])
            #expect(LongPollTests.clamp(500) == 20 && LongPollTests.clamp(-1) == 0)
        }
    }

    static func clamp(_ seconds: Double) -> Double { (try? JobsRoutes.waitSeconds(.double(seconds))) ?? .nan }

    /// On Postgres the re-check is pushed beyond the deadline, so only LISTEN/NOTIFY can wake the
    /// waiter in time; SQLite instances share no notifications and rely on the re-check.
    @Test("a job posted on another instance wakes the waiter (NOTIFY on Postgres, re-check on SQLite)", arguments: TestBackend.enabled)
    func acrossInstances(backend: TestBackend) async throws {
        var settings = JobsSettings()
        if backend == .postgres { settings.recheckInterval = .seconds(60) }
        let fixed = settings
        try await withFakeCalendar { calendar in
            try await TestDatabase.with(backend) { database in
                let configuration = try database.configuration(.jobs, extra: try jobsEnvironment(calendarURL: calendar.url))
                let (waiterApp, posterApp) = (try await buildApplication(configuration, settings: fixed),
                                              try await buildApplication(configuration, settings: fixed))
                try await waiterApp.test(.router) { waiter in
                    try await posterApp.test(.router) { poster in
                        let site = uniqueSite()
                        let started = ContinuousClock.now
                        async let waiting = waiter.send(.post, "/jobs/getnewjobs", body: #"{"site": "\#(site)", "wait_s": 15}"#)
                        try await Task.sleep(for: .milliseconds(300))
                        let job = try await JobsHarness(client: poster, calendar: calendar).created(uiBody(site))["ulid"]!.stringValue!
                        #expect(try await waiting.json().arrayValue.map(ulids) == [job])
                        #expect(ContinuousClock.now - started < .seconds(15))
                    }
                }
            }
        }
    }

    @Test("re-queueing with updatejobstatus wakes a waiter", arguments: TestBackend.enabled)
    func wakesOnRequeue(backend: TestBackend) async throws {
        try await withJobs(backend) { jobs in
            let site = uniqueSite()
            let job = try await jobs.created(uiBody(site))["ulid"]!.stringValue!
            _ = try await jobs.poll(site)
            let started = ContinuousClock.now
            async let waiting = jobs.post("getnewjobs", #"{"site": "\#(site)", "wait_s": 15}"#)
            try await Task.sleep(for: .milliseconds(300))
            _ = try await jobs.post("updatejobstatus", #"{"site": "\#(site)", "ulid": "\#(job)", "newStatus": "UNREAD"}"#)
            #expect(try await waiting.json().arrayValue.map(ulids) == [job])
            #expect(ContinuousClock.now - started < .seconds(15), "answered before the deadline")
        }
    }

    /// Over a real connection: the poller hangs up (its client gives up after 0.5 s) long before
    /// its 10-second deadline, and a job posted after that stays for the next poll instead of
    /// being claimed for an answer nobody reads.
    @Test("a poller that hangs up has nothing claimed for it", arguments: TestBackend.enabled)
    func hangUpLosesNothing(backend: TestBackend) async throws {
        try await withJobs(backend, mode: .live) { jobs in
            let site = uniqueSite()
            let client = OutboundHTTPClient()
            defer { client.shutdown() }
            let url = "http://127.0.0.1:\(jobs.client.port!)/jobs/getnewjobs"
            let abandoned = OutboundRequest(method: .post, url: url, body: Array(#"{"site": "\#(site)", "wait_s": 10}"#.utf8), timeout: .milliseconds(500))
            await #expect(throws: OutboundError.self) { _ = try await client.execute(abandoned) }
            try await Task.sleep(for: .seconds(1))  // lets the server see the connection close
            let job = try await jobs.created(uiBody(site))["ulid"]!.stringValue!
            #expect(try await jobs.poll(site).map { $0["ulid"]?.stringValue } == [job], "the job waited for the next poll")
            // A long poll that stays connected still gets its job (HTTP/1.1 keep-alive clients
            // such as Python's http.client then reconnect for the next request).
            let staying = OutboundRequest(method: .post, url: url, body: Array(#"{"site": "\#(site)", "wait_s": 10}"#.utf8), timeout: .seconds(15))
            async let waiting = client.execute(staying)
            try await Task.sleep(for: .milliseconds(300))
            let next = try await jobs.created(uiBody(site))["ulid"]!.stringValue!
            let answer = try await waiting
            #expect(answer.status == 200)
            #expect(answer.headers["Connection"] == "close", "the server ends the watched connection, and says so")
            #expect(ulids(try JSONValue.parse(answer.body).arrayValue ?? []) == [next])
        }
    }
}
