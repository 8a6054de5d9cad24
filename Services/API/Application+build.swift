import Astronomy
import Hummingbird
import PTRCore
import PTRHTTP

/// The api service: site configs (api.md §6.13) and the astronomy events (events.md).
func buildApplication(_ configuration: ServiceConfiguration) async throws -> some ApplicationProtocol {
    // Loads the ephemeris now rather than in the first /events request, and refuses to start without it.
    try AstronomyData.preload()
    return try await ServiceApplication.build(configuration: configuration, migrations: SiteConfigStore.migrations) { context in
        let store = SiteConfigStore(database: context.database)
        SiteConfigRoutes(store: store).register(on: context.routes)
        EventsRoutes(store: store).register(on: context.routes)
        return []
    }
}
