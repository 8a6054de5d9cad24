import Foundation
import Hummingbird
import PTRCore
import PTRHTTP

/// The jobs routes (spec/jobs.md §3): `newjob` for the UI (token + reservation check), the rest open
/// for observatories, which send raw JSON without Content-Type or credentials.
struct JobsRoutes: Sendable {
    let store: JobsStore
    let authentication: RequestAuthentication
    let reservations: ReservationCheck
    let arrivals: JobArrivals
    let ulids = ULIDGenerator()
    let settings: JobsSettings

    func register(on routes: ServiceRoutes) {
        typealias S = JobsSchemas
        routes.post("/newjob", summary: "Create a job for an observatory device (Bearer token)", body: .required(S.newJobBody), authenticated: true,
                    responses: [200: .json("The job document with the storage metadata", S.created), 400: S.invalid,
                                401: "Someone else has a reservation right now. ... (text)", 413: S.tooLarge,
                                503: "Unable to check the calendar for current reservations. Please try again. (text)"], handler: newJob)
        routes.post("/getnewjobs", summary: "Claim the site's unread jobs, oldest first (optional long-poll wait_s)", body: .required(S.claimBody),
                    responses: [200: .json("Array of jobs as they were before the claim", S.jobs),
                                400: .json("Missing or invalid key, or a body that is no JSON object", JSONSchema.message),
                                413: .json("Request body too large: over 400 KiB", JSONSchema.message)],
                    handler: getNewJobs)
        routes.post("/updatejobstatus", summary: "Set a job's status word and time estimate", body: .required(S.statusBody),
                    responses: [200: .json("Storage metadata", JSONSchema.storageMetadata), 400: S.invalid, 404: "Error: job not found (text)", 413: S.tooLarge],
                    handler: updateJobStatus)
        routes.post("/startjob", summary: "Mark a job STARTED", body: .required(S.startBody),
                    responses: [200: .json("Storage metadata", JSONSchema.storageMetadata), 400: S.invalid, 404: "Error: job not found (text)", 413: S.tooLarge],
                    handler: startJob)
        routes.post("/getrecentjobs", summary: "A site's jobs newer than timeRange milliseconds", body: .required(S.recentBody),
                    responses: [200: .json("Array of jobs, oldest first", S.jobs), 400: S.invalid, 413: S.tooLarge], handler: getRecentJobs)
    }

    // MARK: newjob

    @Sendable func newJob(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        let caller = try await authentication.identity(of: request)
        let job = try NewJobRequest(body: try await request.jsonObject(JobsBody.rules))
        try await reservations.authorize(caller, site: job.site)
        let created = try await store.create(purgingEarlier: job.isCancelAll, ulids: ulids) { ulid in
            job.document(ulid: ulid, rolesJSON: caller.rolesJSON)
        }
        arrivals.announce(site: created.site)
        var answer = created.json
        answer["table_response"] = StorageMetadata.full(requestID: context.requestID)
        return .json(.object(answer))
    }

    // MARK: getnewjobs

    static let maximumWait = 20.0

    @Sendable func getNewJobs(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        var request = request
        return try await JobsBody.jsonErrors {
            let body = try await request.collectJSONObject(JobsBody.rules)
            guard body["site"] != nil else { throw HTTPFailure.badRequest("Error: missing required key site") }
            let site = try SiteName.parse(body["site"])
            let queue = JobQueue(alternateFlag: body["alternateQueue"])
            let wait = try Self.waitSeconds(body["wait_s"])
            guard wait > 0 else {
                return .json(.array(try await store.claim(site: site, queue: queue, limit: settings.maximumBatch).map(\.jsonValue)))
            }
            // A poller that hangs up cancels its wait (Hummingbird watches the connection), so no
            // job is claimed for an answer nobody would read. Watching it ends the connection after
            // the answer, which says so (`Connection: close`) for clients to open a new one.
            let jobs: [Job]
            do {
                jobs = try await request.body.consumeWithCancellationOnInboundClose { _ in
                    try await longPoll(site: site, queue: queue, seconds: wait)
                }
            } catch is CancellationError {
                throw ClientWentAway()
            }
            return Reply(body: .json(.array(jobs.map(\.jsonValue))), headers: [.connection: "close"])
        }
    }

    /// Claims as soon as a job of the site is there, or answers `[]` after `seconds`. Nothing is
    /// claimed while waiting, and nothing once the task is cancelled, so a poller that goes away
    /// loses nothing.
    private func longPoll(site: String, queue: JobQueue, seconds: Double) async throws -> [Job] {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        return try await arrivals.listen(site: site) { ticket in
            var ticket = ticket
            while true {
                try Task.checkCancellation()
                let jobs = try await store.claim(site: site, queue: queue, limit: settings.maximumBatch)
                let remaining = deadline - ContinuousClock.now
                guard jobs.isEmpty, remaining > .zero, ticket != nil else { return jobs }
                await arrivals.wait(&ticket!, upTo: min(remaining, settings.recheckInterval))
            }
        }
    }

    /// `wait_s`: a JSON number, clamped to 0...20 (§7.4).
    static func waitSeconds(_ value: JSONValue?) throws(HTTPFailure) -> Double {
        guard let value else { return 0 }
        guard let seconds = value.doubleValue else { throw .badRequest("Error: wait_s must be a number") }
        return min(max(seconds, 0), maximumWait)
    }

    // MARK: updatejobstatus, startjob

    @Sendable func updateJobStatus(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        let body = try await request.jsonObject(JobsBody.rules)
        let (site, ulid) = try Self.jobKey(body)
        guard let newStatus = body["newStatus"] else { throw HTTPFailure.badRequest("Error: missing required key newStatus") }
        guard case .string(let status) = newStatus, !status.isEmpty, status.utf8.count <= 64 else {
            throw HTTPFailure.badRequest("Error: newStatus must be a non-empty string")
        }
        return try await setStatus(body, site: site, ulid: ulid, status: status, context: context)
    }

    @Sendable func startJob(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        let body = try await request.jsonObject(JobsBody.rules)
        let (site, ulid) = try Self.jobKey(body)
        return try await setStatus(body, site: site, ulid: ulid, status: Job.started, context: context)
    }

    /// Both routes honour `alternateQueue`; `secondsUntilComplete` is `-1` when absent, otherwise
    /// stored as sent (`null` included). Back to UNREAD re-queues the job.
    private func setStatus(_ body: JSONObject, site: String, ulid: String, status: String, context: AppRequestContext) async throws -> Reply {
        let queue = JobQueue(alternateFlag: body["alternateQueue"])
        guard try await store.setStatus(site: site, ulid: ulid, queue: queue, status: status,
                                        secondsUntilComplete: body["secondsUntilComplete"] ?? -1) else {
            throw HTTPFailure.notFound("Error: job not found")
        }
        if status == Job.unread { arrivals.announce(site: site) }
        return .json(StorageMetadata.full(requestID: context.requestID))
    }

    /// `site` and `ulid`, both non-empty strings, with the original's text for either missing.
    static func jobKey(_ body: JSONObject) throws(HTTPFailure) -> (site: String, ulid: String) {
        guard case .string(let site)? = body["site"], !site.isEmpty, case .string(let ulid)? = body["ulid"], !ulid.isEmpty else {
            throw .badRequest("Requires 'site' and 'jobId' in the body payload.")
        }
        return (site, ulid)
    }

    // MARK: getrecentjobs

    static let defaultTimeRange = 86_400_000.0

    @Sendable func getRecentJobs(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        let body = try await request.jsonObject(JobsBody.rules)
        guard body["site"] != nil else { throw HTTPFailure.badRequest("Error: missing required key site") }
        let site = try SiteName.parse(body["site"])
        var range = Self.defaultTimeRange
        if let value = body["timeRange"] {
            guard let number = value.doubleValue else { throw HTTPFailure.badRequest("Error: timeRange must be a number") }
            range = number
        }
        // A bound before 1970 means everything; one in the future means nothing.
        let bound = min(max(Double(unixMilliseconds()) - range, 0), Double(Int64.max / 2))
        let jobs = try await store.recent(site: site, sinceMilliseconds: Int64(bound.rounded(.up)), limit: settings.maximumRecent)
        return .json(.array(jobs.map(\.jsonValue)))
    }
}
