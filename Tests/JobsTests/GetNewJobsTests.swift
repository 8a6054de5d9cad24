import Foundation
import PTRCore
import PTRTesting
import Testing

@testable import Jobs

/// spec/jobs.md §9 cases 21–30: `getnewjobs` as the observatory sends it (raw JSON, no Content-Type).
@Suite struct GetNewJobsTests {
    @Test("21-23: raw body; A, B, C oldest first as before the claim; then [] and RECEIVED", arguments: TestBackend.enabled)
    func claimOnce(backend: TestBackend) async throws {
        try await withJobs(backend) { jobs in
            let site = uniqueSite()
            #expect(try await jobs.post("getnewjobs", #"{"site": "\#(site)"}"#).json() == [])
            var created: [String] = []
            for _ in 0..<3 { created.append(try await jobs.created(uiBody(site))["ulid"]!.stringValue!) }
            #expect(created == created.sorted(), "ulids of one process increase")
            let polled = try await jobs.poll(site)
            #expect(ulids(polled) == created)
            for job in polled {
                let ulid = job["ulid"]!.stringValue!
                #expect(job["statusId"] == .string("UNREAD#" + ulid))
                #expect(job["timestamp_ms"]?.integerValue != nil)
                #expect(job["user_roles"]?.stringValue != nil)
                #expect(job["required_params"]?.objectValue != nil && job["optional_params"]?.objectValue != nil)
            }
            #expect(try await jobs.poll(site) == [])
            for job in try await jobs.recent(site) {
                let ulid = job["ulid"]!.stringValue!
                #expect(job["statusId"] == .string("RECEIVED#" + ulid))
                #expect(job["replicaStatusId"] == .string("UNREAD#" + ulid))
            }
        }
    }

    @Test("24-25: the alternate queue is independent; alternateQueue is tested for truthiness", arguments: TestBackend.enabled)
    func alternateQueue(backend: TestBackend) async throws {
        try await withJobs(backend) { jobs in
            let site = uniqueSite()
            var created: [String] = []
            for _ in 0..<3 { created.append(try await jobs.created(uiBody(site))["ulid"]!.stringValue!) }
            #expect(ulids(try await jobs.poll(site)) == created)
            let alternate = try await jobs.poll(site, alternate: true)
            #expect(ulids(alternate) == created)
            for job in alternate {
                let ulid = job["ulid"]!.stringValue!
                #expect(job["replicaStatusId"] == .string("UNREAD#" + ulid))
                #expect(job["statusId"] == .string("RECEIVED#" + ulid))
            }
            #expect(try await jobs.poll(site, alternate: true) == [])
            #expect(try await jobs.poll(site) == [])

            let other = uniqueSite()
            let job = try await jobs.created(uiBody(other))["ulid"]!
            #expect(try await jobs.post("getnewjobs", #"{"site": "\#(other)", "alternateQueue": 0}"#).json().arrayValue.map(ulids) == [job.stringValue!])
            #expect(try await jobs.post("getnewjobs", #"{"site": "\#(other)", "alternateQueue": "false"}"#).json().arrayValue.map(ulids) == [job.stringValue!])
            #expect(try await jobs.post("getnewjobs", #"{"site": "\#(other)", "alternateQueue": "false"}"#).json() == [])
        }
    }

    @Test("26-27: unknown site; missing or invalid site answered in JSON", arguments: TestBackend.enabled)
    func errorsAreJSON(backend: TestBackend) async throws {
        try await withJobs(backend) { jobs in
            #expect(try await jobs.post("getnewjobs", #"{"site": "nowhere-\#(UUID().uuidString)"}"#).json() == [])
            let cases: [(String, String)] = [
                ("{}", "Error: missing required key site"), (#"{"site": 5}"#, "Error: site must be a non-empty string"),
                (#"{"site": ""}"#, "Error: site must be a non-empty string"), (#"{"site": null}"#, "Error: site must be a non-empty string"),
                ("not json", "Error: request body must be a JSON object"), ("[1]", "Error: request body must be a JSON object"),
                ("", "Error: request body must be a JSON object"), (#"{"site": "s", "wait_s": "5"}"#, "Error: wait_s must be a number"),
            ]
            for (body, message) in cases {
                let reply = try await jobs.post("getnewjobs", body)
                #expect(reply.status == .badRequest, "body \(body)")
                #expect(try reply.json() == ["message": .string(message)])
                #expect(reply["Access-Control-Allow-Origin"] == "*")
            }
        }
    }

    @Test("28: site isolation", arguments: TestBackend.enabled)
    func siteIsolation(backend: TestBackend) async throws {
        try await withJobs(backend) { jobs in
            let site = uniqueSite(), other = uniqueSite("other")
            let mine = try await jobs.created(uiBody(site))["ulid"]!.stringValue!
            let theirs = try await jobs.created(uiBody(other))["ulid"]!.stringValue!
            #expect(ulids(try await jobs.poll(site)) == [mine])
            #expect(ulids(try await jobs.poll(other)) == [theirs])
        }
    }

    @Test("29: the batch cap hands out the oldest first", arguments: TestBackend.enabled)
    func batchCap(backend: TestBackend) async throws {
        var settings = JobsSettings()
        settings.maximumBatch = 2
        try await withJobs(backend, settings: settings) { jobs in
            let site = uniqueSite()
            var created: [String] = []
            for _ in 0..<5 { created.append(try await jobs.created(uiBody(site))["ulid"]!.stringValue!) }
            var batches: [[String]] = []
            for _ in 0..<4 { batches.append(ulids(try await jobs.poll(site))) }
            #expect(batches == [Array(created[0..<2]), Array(created[2..<4]), [created[4]], []])
        }
    }

    @Test("30: 200 jobs, 20 concurrent pollers: each delivered exactly once", arguments: TestBackend.enabled)
    func concurrentPollers(backend: TestBackend) async throws {
        try await withJobs(backend) { jobs in
            let site = uniqueSite()
            let admin = try await token("u1", ["admin"])
            var created: Set<String> = []
            for _ in 0..<200 { created.insert(try await jobs.newJob(uiBody(site), token: admin).json()["ulid"]!.stringValue!) }
            let delivered = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        var mine: [String] = [], empties = 0
                        while empties < 2 {
                            let batch = ulids(try await jobs.poll(site))
                            empties = batch.isEmpty ? empties + 1 : 0
                            #expect(batch == batch.sorted(), "each answer in ulid order")
                            mine += batch
                        }
                        return mine
                    }
                }
                return try await group.reduce(into: [String]()) { $0 += $1 }
            }
            #expect(delivered.count == 200)
            #expect(Set(delivered) == created)
        }
    }
}
