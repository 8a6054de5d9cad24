import ServiceLifecycle

/// Runs the import of every subsite every `interval` seconds, the first run one interval after
/// start (§5.6); a round is skipped when another replica holds the import lock.
final class ScheduleImportTimer: Service, @unchecked Sendable {
    let interval: Int
    // Set once while the application is built (the importer needs the app's database), before
    // any service runs; read-only afterwards.
    var importer: ScheduleImporter?

    init(interval: Int) {
        self.interval = interval
    }

    func run() async throws {
        guard let importer else { return }
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await Task.sleep(for: .seconds(self.interval))
                    _ = try await importer.importAll(waitingUpTo: .zero)
                } catch is CancellationError {
                    return
                } catch {
                    importer.logger.error("scheduled LCO import failed", metadata: ["reason": "\(error)"])
                }
            }
        }
    }
}
