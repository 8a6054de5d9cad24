import Foundation
import Logging
import PTRCore
import PTRStorage

/// The LCO schedule import of §5.5: fetch everything first, then one transaction per subsite,
/// then the projects; any failure leaves the calendar and the tracking row as they were.
struct ScheduleImporter: Sendable {
    let store: CalendarStore
    /// Nil when `PTR_LCO_URL` is unset.
    let proxy: LCOSiteProxy?
    let projects: ProjectsClient
    let sites: LCOSites
    /// One import at a time across the replicas (§5.6).
    let lock: SingleRunner
    let metrics: CalendarMetrics
    let fetchTimeout: Duration
    let logger: Logger

    /// How long the manual routes wait for a running import (§3.12).
    static let manualWait: Duration = .seconds(60)
    static let horizon: TimeInterval = 21 * 24 * 3600

    /// Every subsite in order, as one object subsite → message; nil when the lock stayed taken.
    func importAll(waitingUpTo wait: Duration) async throws -> JSONObject? {
        try await lock.run(waitingUpTo: wait) {
            var messages = JSONObject()
            for subsite in sites.subsites.map(\.subsite) {
                messages[subsite] = .string(await importSubsite(subsite))
            }
            return messages
        }
    }

    /// One subsite's message; nil when the lock stayed taken.
    func importOne(_ subsite: String, waitingUpTo wait: Duration) async throws -> String? {
        guard sites.named(subsite) != nil else { return "Unknown subsite: \(subsite)" }
        return try await lock.run(waitingUpTo: wait) { await importSubsite(subsite) }
    }

    /// Call holding the lock.
    private func importSubsite(_ name: String) async -> String {
        guard let subsite = sites.named(name) else { return "Unknown subsite: \(name)" }
        do {
            let message = try await run(subsite)
            metrics.importRan(subsite: name, result: message.result)
            return message.text
        } catch {
            metrics.importRan(subsite: name, result: "error")
            logger.warning("LCO import failed", metadata: ["subsite": "\(name)", "reason": "\(error)"])
            return "Error importing schedule for \(name): \(error)"
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private func run(_ subsite: LCOSubsite) async throws -> (result: String, text: String) {
        guard let proxy else { throw Failure(description: "LCO access not configured") }
        let name = subsite.subsite
        let proxyTime = await proxy.lastScheduleTime(wema: subsite.wema)
        if let proxyTime, let tracked = try await store.trackedScheduleTime(site: name),
           let proxyDate = Self.instant(proxyTime), let trackedDate = Self.instant(tracked), proxyDate <= trackedDate {
            return ("up_to_date", "Schedule for \(name) is already up to date")
        }
        let now = Date()
        let nowText = CalendarTime.secondsWithoutZone(now)
        let results = try await proxy.schedule(wema: subsite.wema, query: [
            ("start", nowText), ("end", CalendarTime.secondsWithoutZone(now + Self.horizon)), ("limit", "1000"),
            ("telescope", subsite.telescope), ("state", "PENDING"),
        ], timeout: fetchTimeout)
        var kept: [(id: Int64, event: EventDocument, project: JSONValue)] = []
        for raw in results {
            guard raw["state"]?.stringValue == "PENDING", let site = raw["site"]?.stringValue, let telescope = raw["telescope"]?.stringValue,
                  sites.mapping(wema: site, telescope: telescope) == subsite else { continue }
            guard let observation = LCOObservation(raw), let documents = observation.imported(subsite: name) else {
                metrics.observationSkipped(subsite: name)
                logger.warning("skipped a malformed LCO observation", metadata: ["subsite": "\(name)", "id": "\(raw["id"]?.jsonText ?? "?")"])
                continue
            }
            kept.append((observation.id, documents.event, documents.project))
        }
        let removed = try await store.replaceUpcomingLCOEvents(site: name, now: nowText, with: kept.map { (observationID: $0.id, event: $0.event) })
        let keptProjects = Set(kept.compactMap { $0.event.document["project_id"]?.stringValue })
        let stale = Set(removed.compactMap { $0["project_id"]?.stringValue }).subtracting(keptProjects).subtracting(["none", "none#"])
        if !stale.isEmpty { try await projects.deleteSchedulerProjects(stale.sorted()) }
        for entry in kept { try await projects.newProject(entry.project) }
        metrics.observationsImported(subsite: name, count: kept.count)
        if let proxyTime {
            try await store.track(site: name, scheduleTime: proxyTime, updatedAt: UTCTimestamp.string(from: now))
        }
        return ("updated", "Updated schedule for \(name) with \(kept.count) observations")
    }

    /// An ISO 8601 instant with or without fractional seconds; nil means "needs an update".
    static func instant(_ text: String) -> Date? {
        (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)) ?? (try? Date.ISO8601FormatStyle().parse(text))
    }
}
