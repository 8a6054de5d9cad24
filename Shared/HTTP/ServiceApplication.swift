import Hummingbird
import Logging
import NIOCore
import PTRCore
import PTRStorage
import ServiceLifecycle

/// Builds and runs the Hummingbird application of any service the same way: its routes plus the
/// operations routes behind the gateway, its databases as services, its migrations applied in the
/// background (retried while a database is away; routes other than the operations routes answer
/// 503 until they have run), its own background services beside them. A service's
/// `buildApplication` calls `build`; tests build the same app.
public enum ServiceApplication {
    /// What a service's registration is handed: everything it wires its routes and background
    /// work from, made before anything runs.
    public struct Context: Sendable {
        public let configuration: ServiceConfiguration
        /// The service's own database, migrated with its migrations.
        public let database: Database
        /// The databases declared as `extraDatabases`, by name.
        public let extraDatabases: [String: Database]
        /// Where the service adds its routes.
        public let routes: ServiceRoutes
        public let logger: Logger
        /// The registry `/metrics` serves: every metric the service records is made by its factory.
        public let metrics: MetricsRegistry
    }

    /// - Parameter extraDatabases: databases the service uses besides its own; `/ready` checks them too.
    /// - Parameter register: adds the service's own routes and returns its background services
    ///   (timers, workers, sweepers), which run in the application's service group beside the
    ///   server and the databases, and stop on the same SIGTERM, before the databases close.
    public static func build(
        configuration: ServiceConfiguration,
        migrations: [Migration],
        extraDatabases: [ExtraDatabase] = [],
        logger: Logger? = nil,
        register: (Context) async throws -> [any Service]
    ) async throws -> some ApplicationProtocol {
        let logger = logger ?? makeLogger(configuration)
        let databases = try ApplicationDatabases(configuration, migrations: migrations, extra: extraDatabases, logger: logger)
        let routes = ServiceRoutes(service: configuration.service)
        let metrics = MetricsRegistry()
        let backgroundServices = try await register(Context(
            configuration: configuration, database: databases.own, extraDatabases: databases.extra,
            routes: routes, logger: logger, metrics: metrics
        ))
        OperationsRoutes.register(on: routes, databases: databases, metrics: metrics)
        let requestMetrics = RequestMetrics(metrics)
        let limits = configuration.http
        var app = Application(
            router: GatewayResponderBuilder(routes: routes, metrics: requestMetrics, logger: logger, isServing: { databases.areMigrated }),
            server: .http1(configuration: .init(
                additionalChannelHandlers: [RequestReadTimeouts(limits: limits, metrics: requestMetrics, logger: logger)],
                idleTimeout: TimeAmount(limits.idleTimeout)
            )),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: "ptr-\(configuration.service.rawValue)",
                availableConnectionsDelegate: .maximum(limits.maxConnections, logger: logger)
            ),
            // The group stops its services in reverse order: the server first, the pools last.
            services: databases.services + backgroundServices,
            logger: logger
        )
        // Usually the migrations are done by the time the server listens; when a database is
        // away the server listens anyway (`/health` answers, `/ready` says 503) and they go on.
        app.beforeServerStarts {
            await databases.waitUntilMigratedOrFailing()
        }
        return app
    }

    /// What a binary's `main.swift` does: read the environment (one line and exit 2 when a value
    /// is bad), set up log lines, build the app and serve until SIGTERM/SIGINT, finishing in-flight
    /// requests and closing pools on the way out.
    public static func main<App: ApplicationProtocol>(
        _ service: ServiceName,
        build: (ServiceConfiguration) async throws -> App
    ) async throws {
        let configuration = ServiceConfiguration.fromEnvironmentOrExit(service: service)
        LineLogHandler.bootstrap(level: configuration.logLevel, format: configuration.logFormat)
        try await build(configuration).runService()
    }

    static func makeLogger(_ configuration: ServiceConfiguration) -> Logger {
        var logger = Logger(label: "ptr-\(configuration.service.rawValue)")
        logger.logLevel = configuration.logLevel
        return logger
    }
}
