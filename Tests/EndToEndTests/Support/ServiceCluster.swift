import Foundation

/// The binaries one test runs together, each on a free port with its own `PTR_DATA_DIR` (so its own
/// default SQLite file) under one temporary folder. `with` stops every one of them (SIGTERM) when the
/// test ends, however it ends, and removes the folder.
final class ServiceCluster: @unchecked Sendable {
    /// One started binary.
    struct Service: Sendable {
        let process: ServiceProcess
        let port: Int
        var base: String { "http://127.0.0.1:\(port)" }
    }

    private let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ptr-e2e-\(UUID().uuidString)")
    private let lock = NSLock()
    private var started: [ServiceProcess] = []

    static func with<T>(_ test: (ServiceCluster) async throws -> T) async throws -> T {
        let cluster = ServiceCluster()
        defer { try? FileManager.default.removeItem(at: cluster.folder) }
        do {
            let result = try await test(cluster)
            await cluster.stopAll()
            return result
        } catch {
            await cluster.stopAll()
            throw error
        }
    }

    /// Starts `binary` on `port` (from `ServiceProcess.freePorts`, chosen ahead when two services
    /// must know each other's URL) and waits until it serves.
    func start(_ binary: String, port: Int, environment: [String: String]) async throws -> Service {
        let dataDirectory = folder.appendingPathComponent(binary).path
        let process = try ServiceProcess.start(binary, environment: environment.merging(["PTR_PORT": String(port), "PTR_DATA_DIR": dataDirectory]) { _, new in new },
                                               logFolder: folder.appendingPathComponent("logs"))
        lock.withLock { started.append(process) }
        let service = Service(process: process, port: port)
        _ = try await process.waitUntilReady(service.base)
        return service
    }

    private func stopAll() async {
        for process in lock.withLock({ started }) { await process.stop() }
    }
}
