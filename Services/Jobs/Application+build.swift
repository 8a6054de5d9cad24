import Hummingbird
import PTRCore
import PTRHTTP
import PTROutbound

/// The jobs service: commands from the UI to the observatories, each handed out exactly once per
/// queue (spec/jobs.md).
func buildApplication(_ configuration: ServiceConfiguration) async throws -> some ApplicationProtocol {
    try await buildApplication(configuration, settings: try JobsSettings.fromEnvironment())
}

func buildApplication(_ configuration: ServiceConfiguration, settings: JobsSettings) async throws -> some ApplicationProtocol {
    let client = OutboundHTTPClient(configuration: .init(connectTimeout: .seconds(2), timeout: .seconds(5), maxResponseBytes: 1 << 20))
    return try await ServiceApplication.build(configuration: configuration, migrations: JobsStore.migrations) { context in
        let (database, logger) = (context.database, context.logger)
        let calendar = SiblingService(.calendar, of: configuration, http: client, timeout: settings.calendarTimeout)
        let reservations = ReservationCheck(calendar: calendar, logger: logger)
        JobsRoutes(
            store: JobsStore(database: database),
            authentication: try await RequestAuthentication(configuration: configuration, httpClient: client, logger: logger),
            reservations: reservations,
            arrivals: JobArrivals(relay: database.backend == .postgres ? ReplicaArrivals(database: database, logger: logger).relay : nil),
            settings: settings
        ).register(on: context.routes)
        return []
    }
}
