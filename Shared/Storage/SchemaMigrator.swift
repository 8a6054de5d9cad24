import Logging
import ServiceLifecycle
import Synchronization

/// Applies a service's migrations as a background service, trying again with back-off while the
/// database is away: a service started before its database serves `/health` meanwhile, and becomes
/// ready by itself when the database arrives. Runs until shutdown, as a service group expects.
public final class SchemaMigrator: Service, Sendable {
    let database: Database
    let service: String
    let migrations: [Migration]
    let logger: Logger
    /// Whether an attempt has failed yet: the server need not wait for migrations any longer then.
    private let hasFailed = Mutex(false)

    static let firstRetry: Duration = .milliseconds(250)
    static let longestRetry: Duration = .seconds(5)

    public init(database: Database, service: String, migrations: [Migration], logger: Logger) {
        self.database = database
        self.service = service
        self.migrations = migrations
        self.logger = logger
    }

    public func run() async throws {
        var delay = Self.firstRetry
        while !Task.isCancelled {
            do {
                try await database.migrate(service: service, migrations)
                break
            } catch {
                hasFailed.withLock { $0 = true }
                logger.warning("database migrations could not run; trying again", metadata: [
                    "error": .string(String(describing: error)), "retry_in": .stringConvertible(delay),
                ])
                let wait = delay
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: wait) }
                if Task.isShuttingDownGracefully { return }
                delay = min(delay * 2, Self.longestRetry)
            }
        }
        try? await gracefulShutdown()
    }

    /// Returns once the migrations have run, or once an attempt has failed (the database is away):
    /// the server then listens anyway, so that `/health` answers while the migrations go on.
    public func waitUntilMigratedOrFailing() async {
        while !database.hasSchema, !hasFailed.withLock({ $0 }), !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(10))
        }
    }
}
