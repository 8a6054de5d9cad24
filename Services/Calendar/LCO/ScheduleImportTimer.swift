import ServiceLifecycle

/// Runs the import of every subsite every `interval` seconds, the first run one interval after
/// start (§5.6); a round is skipped when another replica is importing. A background service of
/// the application: it stops on the server's SIGTERM.
struct ScheduleImportTimer: Service {
    let interval: Int
    let importer: ScheduleImporter

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await Task.sleep(for: .seconds(interval))
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
