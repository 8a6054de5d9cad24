import Foundation
import HTTPTypes
import HummingbirdTesting
import PTRCore
import PTRTesting
import Testing

@testable import Jobs

/// spec/jobs.md §4: each job handed out exactly once per queue, with several app instances (each
/// its own pool, as replicas are) on one database, while jobs keep arriving.
@Suite struct ExactlyOnceTests {
    static let sites = ["east", "west"]
    static let pollersPerSite = 8

    @Test("3 instances, 8 pollers per site on both queues, jobs posted while polling: each exactly once", arguments: TestBackend.enabled)
    func exactlyOnceAcrossInstances(backend: TestBackend) async throws {
        let jobCount = backend == .postgres ? 5000 : 600
        try await withFakeCalendar { calendar in
            try await TestDatabase.with(backend) { database in
                let configuration = try database.configuration(.jobs, extra: try jobsEnvironment(calendarURL: calendar.url))
                let (app1, app2, app3) = (try await buildApplication(configuration), try await buildApplication(configuration),
                                          try await buildApplication(configuration))
                try await app1.test(.router) { first in
                    try await app2.test(.router) { second in
                        try await app3.test(.router) { third in
                            let run = try await Self.run(instances: [first, second, third], jobs: jobCount)
                            #expect(run.created.values.reduce(0) { $0 + $1.count } == jobCount)
                            for site in Self.sites {
                                for queue in [false, true] {
                                    let delivered = run.delivered[Delivery(site: site, alternate: queue)] ?? []
                                    #expect(delivered.count == run.created[site]!.count, "\(site) alternate=\(queue): every job, none twice")
                                    #expect(Set(delivered) == run.created[site]!, "\(site) alternate=\(queue): none lost, none from elsewhere")
                                }
                            }
                            #expect(run.misdelivered.isEmpty, "no job to the wrong site or with a claimed polled key: \(run.misdelivered.prefix(3))")
                        }
                    }
                }
            }
        }
    }

    struct Delivery: Hashable, Sendable {
        let site: String
        let alternate: Bool
    }

    struct Outcome: Sendable {
        var created: [String: Set<String>] = [:]
        var delivered: [Delivery: [String]] = [:]
        var misdelivered: [String] = []
    }

    /// Four producers post admin jobs round-robin over the instances and sites while every site has
    /// `pollersPerSite` pollers (half on each queue) polling until the producers are done and two
    /// polls in a row come back empty.
    static func run(instances: [any TestClientProtocol], jobs: Int) async throws -> Outcome {
        let admin = try await token("producer", ["admin"])
        let producersDone = Locked(0)
        let producers = 4
        enum Event: Sendable { case created(String, String), delivered(Delivery, [String], [String]) }
        return try await withThrowingTaskGroup(of: [Event].self) { group in
            for producer in 0..<producers {
                group.addTask {
                    defer { producersDone.withLock { $0 += 1 } }
                    var results: [Event] = []
                    for n in stride(from: producer, to: jobs, by: producers) {
                        let site = sites[n % sites.count]
                        var headers = HTTPFields()
                        headers[.authorization] = "Bearer \(admin)"
                        let reply = try await instances[n % instances.count].sendJSON(.post, "/jobs/newjob", uiBody(site), headers: headers)
                        guard reply.status == .ok, let ulid = try reply.json()["ulid"]?.stringValue else {
                            throw TestSetupError("newjob failed: \(reply.status) \(reply.text)")
                        }
                        results.append(.created(site, ulid))
                    }
                    return results
                }
            }
            for site in sites {
                for poller in 0..<pollersPerSite {
                    let alternate = poller % 2 == 1
                    let client = instances[poller % instances.count]
                    group.addTask {
                        var got: [String] = [], wrong: [String] = [], empties = 0
                        let body = #"{"site": "\#(site)", "alternateQueue": \#(alternate)}"#
                        let polledKey = alternate ? "replicaStatusId" : "statusId"
                        while true {
                            let finished = producersDone.withLock { $0 } == producers
                            let reply = try await client.send(.post, "/jobs/getnewjobs", body: body)
                            guard reply.status == .ok, let batch = try reply.json().arrayValue else {
                                throw TestSetupError("getnewjobs failed: \(reply.status) \(reply.text)")
                            }
                            for job in batch {
                                let ulid = job["ulid"]?.stringValue ?? "?"
                                if job["site"] != .string(site) || job[polledKey] != .string("UNREAD#" + ulid) { wrong.append(ulid) }
                                got.append(ulid)
                            }
                            if batch.isEmpty {
                                empties = finished ? empties + 1 : 0
                                if empties == 2 { break }
                                try await Task.sleep(for: .milliseconds(5))
                            }
                        }
                        return [.delivered(Delivery(site: site, alternate: alternate), got, wrong)]
                    }
                }
            }
            var outcome = Outcome()
            for try await results in group {
                for result in results {
                    switch result {
                    case .created(let site, let ulid): outcome.created[site, default: []].insert(ulid)
                    case .delivered(let delivery, let ulids, let wrong):
                        outcome.delivered[delivery, default: []] += ulids
                        outcome.misdelivered += wrong
                    }
                }
            }
            return outcome
        }
    }

    @Test("a cancel racing a poll: each earlier job delivered before the purge or never", arguments: TestBackend.enabled)
    func cancelRacingPoll(backend: TestBackend) async throws {
        try await withJobs(backend) { jobs in
            let admin = try await token("u1", ["admin"])
            for round in 0..<10 {
                let site = uniqueSite("race\(round)")
                var earlier: Set<String> = []
                for _ in 0..<30 { earlier.insert(try await jobs.newJob(uiBody(site), token: admin).json()["ulid"]!.stringValue!) }
                async let racingPoll = jobs.poll(site)
                async let cancelReply = jobs.newJob(uiBody(site, ["action": "cancel_all_commands", "device": "all", "instance": "all"]), token: admin)
                let (polled, cancel) = try await (ulids(racingPoll), cancelReply.json()["ulid"]!.stringValue!)
                let drained = ulids(try await jobs.poll(site)) + ulids(try await jobs.poll(site))
                let delivered = polled + drained
                #expect(Set(delivered).count == delivered.count, "nothing delivered twice")
                #expect(delivered.filter { $0 == cancel }.count == 1, "the cancel itself is delivered once")
                #expect(Set(drained).isDisjoint(with: earlier), "no earlier job delivered after the purge")
                #expect(Set(polled).subtracting([cancel]).isSubset(of: earlier))
                #expect(ulids(try await jobs.recent(site)) == [cancel], "every earlier job purged")
            }
        }
    }
}
