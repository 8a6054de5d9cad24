import Hummingbird
import Logging
import NIOCore
import PTRCore
import PTRStorage
import ServiceLifecycle

/// Builds and runs the Hummingbird application of any service the same way: its routes plus the
/// operations routes behind the gateway, its database as a service, its migrations applied in the
/// background (retried while the database is away; routes other than the operations routes answer
/// 503 until they have run). A service's `buildApplication` calls `build`; tests build the same app.
public enum ServiceApplication {
    /// - Parameter services: background services of the service's own (e.g. a timer), run beside
    ///   the server and shut down with it.
    /// - Parameter registerRoutes: adds the service's own routes, given its database.
    public static func build(
        configuration: ServiceConfiguration,
        migrations: [Migration],
        logger: Logger? = nil,
        services: [any Service] = [],
        registerRoutes: (ServiceRoutes, Database) async throws -> Void
    ) async throws -> some ApplicationProtocol {
        let logger = logger ?? makeLogger(configuration)
        let database = try Database(configuration, logger: logger)
        let routes = ServiceRoutes(service: configuration.service)
        try await registerRoutes(routes, database)
        let metrics = RequestMetrics()
        OperationsRoutes.register(on: routes, database: database, metrics: metrics)
        let migrator = SchemaMigrator(database: database, service: configuration.service.rawValue, migrations: migrations, logger: logger)
        let limits = configuration.http
        var app = Application(
            router: GatewayResponderBuilder(routes: routes, metrics: metrics, logger: logger, isServing: { database.hasSchema }),
            server: .http1(configuration: .init(
                additionalChannelHandlers: [RequestReadTimeouts(limits: limits, metrics: metrics, logger: logger)],
                idleTimeout: TimeAmount(limits.idleTimeout)
            )),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: "ptr-\(configuration.service.rawValue)",
                availableConnectionsDelegate: .maximum(limits.maxConnections, logger: logger)
            ),
            services: [database, migrator] + services,
            logger: logger
        )
        // Usually the migrations are done by the time the server listens; when the database is
        // away the server listens anyway (`/health` answers, `/ready` says 503) and they go on.
        app.beforeServerStarts {
            await migrator.waitUntilMigratedOrFailing()
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
