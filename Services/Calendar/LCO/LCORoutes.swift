import Hummingbird
import Logging
import PTRCore
import PTRHTTP

/// `scheduler-observations` (live LCO pass-through, §3.11) and the manual import routes (§3.12).
struct LCORoutes: Sendable {
    let proxy: LCOSiteProxy?
    let sites: LCOSites
    let importer: ScheduleImporter
    let liveTimeout: Duration
    let logger: Logger

    static let liveStates: Set<String> = ["PENDING", "IN_PROGRESS", "NOT_ATTEMPTED", "COMPLETED", "CANCELED", "ABORTED", "FAILED"]
    static let requestedStates = ["NOT_ATTEMPTED", "COMPLETED", "ABORTED", "PENDING", "IN_PROGRESS", "FAILED"]

    func register(on routes: ServiceRoutes) {
        typealias S = CalendarSchemas
        routes.post("/scheduler-observations", summary: "LCO observations of a site, calendar-shaped ([] on any LCO failure)",
                    body: .required(S.observationsBody),
                    responses: [200: .json("Array of observations", S.observations), 400: S.invalid, 413: S.tooLarge], handler: schedulerObservations)
        routes.get("/import-schedules", summary: "Run the LCO import for every subsite",
                   responses: [200: .json("Subsite → message", JSONSchema.map(JSONSchema.string())), 503: S.importBusy], handler: importAll)
        routes.get("/import-schedules/:subsite", summary: "Run the LCO import for one subsite",
                   responses: [200: "The import's message (text)", 503: S.importBusy], handler: importOne)
    }

    @Sendable func schedulerObservations(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        let fields = try CalendarInput.strings([("site", .identifier), ("start", .time), ("end", .time)], in: try await CalendarInput.body(of: request))
        // The original strips one trailing `Z` from `site` and `start`, not from `end`.
        let site = fields[0].hasSuffix("Z") ? String(fields[0].dropLast()) : fields[0]
        let start = fields[1].hasSuffix("Z") ? String(fields[1].dropLast()) : fields[1]
        guard let subsite = sites.named(site), let proxy else { return .json([]) }
        let query = [("start", start), ("end", fields[2]), ("limit", "1000"), ("telescope", subsite.telescope)] + Self.requestedStates.map { ("state", $0) }
        let results: [JSONValue]
        do {
            results = try await proxy.schedule(wema: subsite.wema, query: query, timeout: liveTimeout)
        } catch {
            logger.warning("LCO observations unavailable", metadata: ["site": "\(site)", "reason": "\(error)"])
            return .json([])
        }
        let entries = results.compactMap { raw -> JSONValue? in
            guard let observation = LCOObservation(raw), Self.liveStates.contains(observation.state) else { return nil }
            if let telescope = raw["telescope"], telescope.stringValue != subsite.telescope { return nil }
            return observation.schedulerEntry(site: site)
        }
        return .json(.array(entries))
    }

    static let busy = HTTPFailure(.serviceUnavailable, text: "Error: schedule import already running")

    @Sendable func importAll(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        guard let messages = try await importer.importAll(waitingUpTo: ScheduleImporter.manualWait) else { throw Self.busy }
        return .json(.object(messages))
    }

    @Sendable func importOne(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        guard let message = try await importer.importOne(try context.pathParameter("subsite"), waitingUpTo: ScheduleImporter.manualWait) else { throw Self.busy }
        return .text(message)
    }
}
