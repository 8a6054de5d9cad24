import Hummingbird
import PTRCore
import PTRHTTP
import PTROutbound
import PTRStorage

/// What tests may change: the subsite table (§5.2) and the LCO timeouts.
struct CalendarOptions: Sendable {
    var sites = LCOSites.photonRanch
    /// `scheduler-observations` (§3.11) and the import's `schedule` fetch (§5.5 step 4).
    var liveTimeout: Duration = .seconds(10)
    var importTimeout: Duration = .seconds(20)
}

/// The calendar service: reservations of telescope time (spec/calendar.md), the live LCO
/// observations and, where `PTR_LCO_URL` is set, the LCO schedule import on a timer.
func buildApplication(_ configuration: ServiceConfiguration) async throws -> some ApplicationProtocol {
    try await buildApplication(configuration, options: CalendarOptions())
}

func buildApplication(_ configuration: ServiceConfiguration, options: CalendarOptions) async throws -> some ApplicationProtocol {
    let http = OutboundHTTPClient(configuration: .init(connectTimeout: .seconds(2), timeout: .seconds(20), maxResponseBytes: LCOSiteProxy.maximumResponseBytes))
    let proxy = configuration.lco.url.map { LCOSiteProxy(urlTemplate: $0, tokens: .init(configuration.lco.token), http: http) }
    return try await ServiceApplication.build(configuration: configuration, migrations: CalendarStore.migrations) { context in
        let logger = context.logger
        let store = CalendarStore(database: context.database)
        let projects = ProjectsClient(projects: SiblingService(.projects, of: configuration, http: http, timeout: .seconds(5)))
        let importer = ScheduleImporter(store: store, proxy: proxy, projects: projects, sites: options.sites,
                                        lock: SingleRunner(database: context.database, name: "calendar-lco-import"),
                                        metrics: CalendarMetrics(context.metrics), fetchTimeout: options.importTimeout, logger: logger)
        let auth = try await RequestAuthentication(configuration: configuration, httpClient: http, logger: logger)
        let routes = context.routes
        ReservationRoutes(store: store, auth: auth).register(on: routes)
        ScheduleReadRoutes(store: store, projects: projects).register(on: routes)
        EventProjectRoutes(store: store).register(on: routes)
        LCORoutes(proxy: proxy, sites: options.sites, importer: importer, liveTimeout: options.liveTimeout, logger: logger).register(on: routes)
        let interval = configuration.lco.importIntervalSeconds
        return proxy != nil && interval > 0 ? [ScheduleImportTimer(interval: interval, importer: importer)] : []
    }
}
