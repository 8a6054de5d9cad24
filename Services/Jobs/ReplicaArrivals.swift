import Logging
import PTRStorage

/// Hears the jobs committed by other replicas (PostgreSQL `LISTEN ptr_jobs`; `newjob` and a re-queue
/// send `pg_notify('ptr_jobs', site)` in their transaction) and announces them to this process's
/// waiting pollers. A notification lost while (re)connecting is covered by the waiters' re-check.
struct ReplicaArrivals: Sendable {
    static let channel = "ptr_jobs"

    let database: Database
    let logger: Logger

    /// Listens until cancelled, reconnecting after a failure.
    func relay(to arrivals: JobArrivals) async {
        while !Task.isCancelled {
            do {
                try await database.listen(channel: Self.channel) { site in arrivals.announce(site: site) }
            } catch {
                guard !Task.isCancelled else { return }
                logger.warning("LISTEN \(Self.channel) failed (\(error)); waiting pollers fall back to re-checking")
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }
}
