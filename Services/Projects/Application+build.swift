import Hummingbird
import PTRCore
import PTRHTTP
import PTROutbound

/// The projects service: observing projects built in the UI and executed by the observatories
/// (spec/projects.md).
func buildApplication(_ configuration: ServiceConfiguration) async throws -> some ApplicationProtocol {
    try await ServiceApplication.build(configuration: configuration, migrations: ProjectStore.migrations) { context in
        // One outbound client for the app: Auth0 (JWKS, /userinfo) and the calendar.
        let client = OutboundHTTPClient(configuration: .init(connectTimeout: .seconds(2), timeout: .seconds(5)))
        ProjectsRoutes(
            store: ProjectStore(database: context.database),
            authentication: try await RequestAuthentication(configuration: configuration, httpClient: client, logger: context.logger),
            calendar: CalendarLink(calendar: SiblingService(.calendar, of: configuration, http: client, timeout: .seconds(5)), logger: context.logger)
        ).register(on: context.routes)
        return []
    }
}
