import Foundation
import Testing
@testable import Astronomy
import PTRCore

/// The original repository's unit tests (timeanddate.com values, ± 5 min; events.md §5.2).
@Suite struct RepositoryVectorTests {
    static let fiveMinutes = 300.0

    private func unix(_ taiJulianDate: Double?) throws -> Double {
        TimeScales.unixSeconds(taiJulianDate: try #require(taiJulianDate))
    }

    @Test(arguments: [(1596308460.0, "2020-08-02T01:53:00Z", "2020-08-02T11:58:00Z"),
                      (1764619260.0, "2025-12-01T22:10:00Z", "2025-12-02T12:03:00Z")])
    func moonRiseAndSetInTheWindow(when: Double, rise: String, set: String) throws {
        let result = try SiteEvents.compute(latitude: 34, longitude: -119, timeZone: "America/Los_Angeles", when: when)
        #expect(abs(try unix(result[.moonRise]) - UTCTimestamp.parse(rise)!.timeIntervalSince1970) < Self.fiveMinutes)
        #expect(abs(try unix(result[.moonSet]) - UTCTimestamp.parse(set)!.timeIntervalSince1970) < Self.fiveMinutes)
    }

    @Test func allFixedKeysPresent() throws {
        let result = try SiteEvents.compute(latitude: 34, longitude: -119, timeZone: "America/Los_Angeles",
                                            when: Date().timeIntervalSince1970)
        let keys = Set(result.events.map(\.key))
        #expect(Set(SiteEventKey.allCases).subtracting([.moonRise, .moonSet]).isSubset(of: keys))
    }

    @Test func perthWindow() throws {
        let result = try SiteEvents.compute(latitude: -34, longitude: 119, timeZone: "Australia/Perth", when: 1596254460)
        // Reference model (events.md §5.2): sun centre at −0.25° sets ≈ 17:2x AWST.
        let set = try unix(result[.sunSet])
        #expect(abs(set - UTCTimestamp.parse("2020-08-01T09:24:00Z")!.timeIntervalSince1970) < Self.fiveMinutes)
    }

    @Test func emptyMoonWindow() throws {
        let passes = try MoonRiseSetIllumination.compute(latitude: 34, longitude: -119,
                                                         start: "2020-10-01T01:00:00Z", end: "2020-10-01T02:00:00Z")
        #expect(passes.isEmpty)
    }

    @Test func fullMoonPass() throws {
        let passes = try MoonRiseSetIllumination.compute(latitude: 34, longitude: -119,
                                                         start: "2020-10-02T02:00:00Z", end: "2020-10-02T15:00:00Z")
        let first = try #require(passes.first)
        #expect(first.riseISO < first.transitISO && first.transitISO < first.setISO)
        #expect(first.illumination >= 0.9 && first.illumination <= 1)
    }

    @Test func thirtyDayWindow() throws {
        let passes = try MoonRiseSetIllumination.compute(latitude: 34, longitude: -119,
                                                         start: "2021-03-01T00:00:00Z", end: "2021-03-31T00:00:00Z")
        #expect((28...30).contains(passes.count))
        for pass in passes { #expect(pass.rise < pass.transit && pass.transit < pass.set) }
        let gaps = zip(passes, passes.dropFirst()).map { $1.rise.timeIntervalSince($0.rise) }
        let meanGap = gaps.reduce(0, +) / Double(gaps.count)
        #expect(abs(meanGap - (24 * 3600 + 50 * 60)) < 15 * 60)
        #expect(passes.map(\.illumination).min()! < 0.05 && passes.map(\.illumination).max()! > 0.95)
    }
}
