import Foundation
import Testing
@testable import Astronomy
import PTRCore

/// Failure cases must come back as typed errors (events.md §1.1 step 7, §2.9), never as a crash
/// or invented values.
@Suite struct FailureTests {
    /// events.md §2.9: Oslo-like site at midsummer; no −11.75°, −12°, −18° crossings.
    @Test func osloMidsummerFails() {
        #expect(throws: SiteEventsError.sunDepressionNotCrossedTwice(
            events: "Naut Dusk / Naut Dawn", depressionDegrees: 12, crossings: 0)) {
            try SiteEvents.compute(latitude: 60, longitude: 10.75, timeZone: "Europe/Oslo", when: 1718964000)
        }
    }

    /// High-latitude summer nights and polar days/nights, north and south.
    @Test(arguments: [(52.0, 0.0, "Europe/London", "2024-06-21T12:00:00Z"),     // no −18°
                      (57.0, -4.0, "Europe/London", "2023-06-20T12:00:00Z"),    // no −12°
                      (-55.0, -68.0, "America/Argentina/Ushuaia", "2025-12-21T16:00:00Z"),
                      (69.6, 18.9, "Europe/Oslo", "2024-06-21T10:00:00Z"),      // midnight sun
                      (69.6, 18.9, "Europe/Oslo", "2024-12-21T10:00:00Z"),      // polar night
                      (-78.0, 166.0, "Antarctica/McMurdo", "2024-12-21T00:00:00Z"),
                      (90.0, 0.0, "Etc/GMT", "2024-03-20T12:00:00Z")])
    func highLatitudeFails(latitude: Double, longitude: Double, zone: String, instant: String) throws {
        let when = try #require(UTCTimestamp.parse(instant)).timeIntervalSince1970
        do {
            let result = try SiteEvents.compute(latitude: latitude, longitude: longitude, timeZone: zone, when: when)
            Issue.record("expected a failure, got \(result.events.count) events")
        } catch .sunDepressionNotCrossedTwice(_, _, let crossings) {
            #expect(crossings != 2)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func errorNamesTheEvent() {
        let error = SiteEventsError.sunDepressionNotCrossedTwice(events: "Astro Dark / End Astro Dark",
                                                                 depressionDegrees: 18, crossings: 0)
        #expect(error.description == "Astro Dark / End Astro Dark: the sun crosses -18.0° 0 times in the window, not twice")
    }

    @Test func unknownTimeZone() {
        #expect(throws: SiteEventsError.unknownTimeZone("Mars/Olympus")) {
            try SiteEvents.compute(latitude: 34, longitude: -119, timeZone: "Mars/Olympus", when: 1596308460)
        }
    }

    /// Only tz database names, as pytz: no abbreviations or offsets that Foundation would accept.
    @Test(arguments: ["PST", "GMT+5", "Z", "+05:00", "", "America", "../zoneinfo/UTC"])
    func notATimeZoneDatabaseName(name: String) {
        #expect(SiteTimeZone.named(name) == nil)
    }

    @Test(arguments: ["UTC", "EST", "US/Pacific", "Etc/GMT+5", "America/Los_Angeles", "Asia/Kathmandu"])
    func timeZoneDatabaseNames(name: String) {
        #expect(SiteTimeZone.named(name) != nil)
    }

    @Test(arguments: [Double.nan, .infinity, -.infinity])
    func nonFiniteInputs(value: Double) {
        #expect(throws: SiteEventsError.invalidInput("when")) {
            try SiteEvents.compute(latitude: 34, longitude: -119, timeZone: "America/Los_Angeles", when: value)
        }
        #expect(throws: SiteEventsError.invalidInput("latitude")) {
            try SiteEvents.compute(latitude: value, longitude: -119, timeZone: "America/Los_Angeles", when: 1596308460)
        }
        #expect(throws: MoonRiseSetError.invalidInput("longitude")) {
            try MoonRiseSetIllumination.compute(latitude: 34, longitude: value,
                                                start: "2020-10-02T02:00:00Z", end: "2020-10-02T15:00:00Z")
        }
    }

    @Test(arguments: [1e300, -1e300, 1e18, -1e12])
    func absurdInstantsAreOutsideTheEphemeris(when: Double) {
        #expect(throws: SiteEventsError.self) {
            try SiteEvents.compute(latitude: 34, longitude: -119, timeZone: "America/Los_Angeles", when: when)
        }
        #expect(throws: MoonRiseSetError.outsideEphemeris) {
            try MoonRiseSetIllumination.compute(latitude: 34, longitude: -119, start: Date(timeIntervalSince1970: when),
                                                end: Date(timeIntervalSince1970: abs(when) * 2 + 1))
        }
    }

    /// Before and after what the reference reads (1899-07-29 … 2053-10-13); the second window ends
    /// 2053-10-13 20:00 UTC.
    @Test(arguments: ["1899-07-01T00:00:00Z", "2053-10-12T21:00:00Z", "2100-01-01T00:00:00Z"])
    func outsideTheEphemeris(instant: String) throws {
        let when = try #require(UTCTimestamp.parse(instant)).timeIntervalSince1970
        #expect(throws: SiteEventsError.self) {
            try SiteEvents.compute(latitude: 34, longitude: -119, timeZone: "America/Los_Angeles", when: when)
        }
        #expect(throws: MoonRiseSetError.outsideEphemeris) {
            try MoonRiseSetIllumination.compute(latitude: 34, longitude: -119, start: Date(timeIntervalSince1970: when),
                                                end: Date(timeIntervalSince1970: when + 86400))
        }
    }

    @Test func moonWindowErrors() {
        #expect(throws: MoonRiseSetError.invalidTimeFormat("2020-10-02T02:00:00")) {
            try MoonRiseSetIllumination.compute(latitude: 34, longitude: -119,
                                                start: "2020-10-02T02:00:00", end: "2020-10-02T15:00:00Z")
        }
        #expect(throws: MoonRiseSetError.endNotAfterStart) {
            try MoonRiseSetIllumination.compute(latitude: 34, longitude: -119,
                                                start: "2020-10-02T15:00:00Z", end: "2020-10-02T02:00:00Z")
        }
        #expect(throws: MoonRiseSetError.endNotAfterStart) {
            try MoonRiseSetIllumination.compute(latitude: 34, longitude: -119,
                                                start: "2020-10-02T15:00:00Z", end: "2020-10-02T15:00:00Z")
        }
    }

    /// Near the poles the Moon may stay up or down for days: still no crash, only whole pairs.
    @Test(arguments: [89.0, -89.0, 75.0])
    func polarMoonWindows(latitude: Double) throws {
        let passes = try MoonRiseSetIllumination.compute(latitude: latitude, longitude: 20,
                                                         start: "2024-01-01T00:00:00Z", end: "2024-03-01T00:00:00Z")
        for pass in passes { #expect(pass.rise < pass.set) }
    }
}
