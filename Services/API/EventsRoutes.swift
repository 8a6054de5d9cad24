import Astronomy
import Foundation
import Hummingbird
import PTRCore
import PTRHTTP

/// `GET /events` and `GET /events/moon/rise-set-illum` (events.md §1, §3), open to everyone.
///
/// Where the original crashed (502) on bad client input these answer 400; the 500s of §1.1 are
/// the original's own answers for unusable site configs and are kept, with JSON error texts.
struct EventsRoutes: Sendable {
    let store: SiteConfigStore

    static let moonFormatError = "Error with format of start/end times. Format should be like: '2020-12-31T01:00:00Z. "
    static let moonComputationError = "Error while calculating moon rise set illum values."
    static let missingParametersError = "Site config missing required parameters. Please ensure it includes latitude, longitude, elevation, reference_ambient, reference_pressure, and TZ_database_name."

    func register(on routes: ServiceRoutes) {
        typealias S = APISchemas
        routes.get("/events", summary: "Observing-night events of a site as TAI Julian dates, ascending",
                   query: [.required("site", JSONSchema.string(minLength: 1)),
                           .optional("when", JSONSchema.described(S.float, "Unix seconds (default now); nights from 1899-07-29 to 2053-10-11"))],
                   responses: [200: .json("Event name → TAI Julian date", S.events), 400: .json("Missing site or invalid when", S.error),
                               500: .json("Kept from the original (events.md §1.1): site config missing or unusable, or the events do not exist (high-latitude summer, a night outside the ephemeris)", S.error)],
                   handler: siteEvents)
        routes.get("/events/moon/rise-set-illum", summary: "Moon rise, transit, set and illumination between two UTC instants",
                   query: [.required("lat", S.float), .required("lng", S.float), .required("start", S.instant), .required("end", S.instant)],
                   responses: [200: .json("Rise → set passes within the window", S.moonPasses), 400: .json("Missing or invalid lat/lng", S.error),
                               404: "Invalid start/end, end not after start, or the computation failed, e.g. outside 1899-07-29 … 2053-10-13 (text)"],
                   handler: moonRiseSetIllumination)
    }

    @Sendable func siteEvents(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        let query = request.uri.queryParameters
        guard let site = query["site"].map(String.init), !site.isEmpty else {
            throw Self.error(.badRequest, "Missing 'site' query string request parameter.")
        }
        var when = Date().timeIntervalSince1970
        if let text = query["when"] {
            guard let value = FloatText.parse(text) else { throw Self.error(.badRequest, "Invalid 'when' query string parameter.") }
            when = value
        }
        guard let configuration = try await store.eventParameters(of: site) else {
            throw Self.error(.internalServerError, "The specified sitecode did not match any config file.")
        }
        guard let parameters = SiteEventsParameters(configuration: configuration) else {
            throw Self.error(.internalServerError, Self.missingParametersError)
        }
        do {
            let result = try SiteEvents.compute(latitude: parameters.latitude, longitude: parameters.longitude,
                                                timeZone: parameters.timeZoneName, when: when)
            return .text(FloatJSON.object(result.orderedKeyValues))
        } catch .unknownTimeZone(let name) {
            throw Self.error(.internalServerError, "Invalid timezone name from site config: '\(name)'")
        } catch {
            throw Self.error(.internalServerError, "Could not compute site events: \(error)")
        }
    }

    @Sendable func moonRiseSetIllumination(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        let query = request.uri.queryParameters
        let latitude = try Self.coordinate(query["lat"], name: "lat")
        let longitude = try Self.coordinate(query["lng"], name: "lng")
        guard let start = query["start"].map(String.init), let end = query["end"].map(String.init) else {
            throw HTTPFailure.notFound(Self.moonFormatError)
        }
        do {
            let passes = try MoonRiseSetIllumination.compute(latitude: latitude, longitude: longitude, start: start, end: end)
            return .text(FloatJSON.moonPasses(passes))
        } catch .invalidTimeFormat, .endNotAfterStart {
            throw HTTPFailure.notFound(Self.moonFormatError)
        } catch {
            throw HTTPFailure.notFound(Self.moonComputationError)
        }
    }

    private static func coordinate(_ text: Substring?, name: String) throws -> Double {
        guard let text, let value = FloatText.parse(text) else {
            throw error(.badRequest, "Missing or invalid '\(name)' query string parameter: expected a number of degrees.")
        }
        return value
    }

    private static func error(_ status: HTTPResponse.Status, _ message: String) -> HTTPFailure {
        HTTPFailure(status, json: ["error": .string(message)])
    }
}
