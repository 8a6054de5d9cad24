import Foundation
import Testing
@testable import Astronomy
import PTRCore

/// The local-noon window (events.md §2.2, vectors §5.1, offsets §4).
@Suite struct ObservingWindowTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let when: Double
        let zone: String
        let offsetHours: Double
        let startTAI: Double
        let startUTC: String
        var testDescription: String { "\(zone) \(when)" }
    }

    static let cases: [Case] = [
        Case(when: 1596308460, zone: "America/Los_Angeles", offsetHours: -7, startTAI: 2459063.2916666665, startUTC: "2020-08-01T18:59:23Z"),
        Case(when: 1596254460, zone: "Australia/Perth", offsetHours: 8, startTAI: 2459062.6666666665, startUTC: "2020-08-01T03:59:23Z"),
        Case(when: 1591329540, zone: "Australia/Perth", offsetHours: 8, startTAI: 2459004.6666666665, startUTC: "2020-06-04T03:59:23Z"),
        Case(when: 1591329600, zone: "Australia/Perth", offsetHours: 8, startTAI: 2459005.6666666665, startUTC: "2020-06-05T03:59:23Z"),
        Case(when: 1591329562, zone: "Australia/Perth", offsetHours: 8, startTAI: 2459004.6666666665, startUTC: "2020-06-04T03:59:23Z"),
        Case(when: 1591329570, zone: "Australia/Perth", offsetHours: 8, startTAI: 2459005.6666666665, startUTC: "2020-06-05T03:59:23Z"),
        Case(when: 1764619260, zone: "America/Los_Angeles", offsetHours: -8, startTAI: 2461011.3333333335, startUTC: "2025-12-01T19:59:23Z"),
        Case(when: 1604219400, zone: "America/Los_Angeles", offsetHours: -7, startTAI: 2459154.2916666665, startUTC: "2020-10-31T18:59:23Z"),
        Case(when: 1604223000, zone: "America/Los_Angeles", offsetHours: -8, startTAI: 2459154.3333333335, startUTC: "2020-10-31T19:59:23Z"),
        Case(when: 1583690400, zone: "America/Los_Angeles", offsetHours: -7, startTAI: 2458916.2916666665, startUTC: "2020-03-07T18:59:23Z"),
        Case(when: 1583650800, zone: "America/Los_Angeles", offsetHours: -8, startTAI: 2458916.3333333335, startUTC: "2020-03-07T19:59:23Z"),
    ]

    @Test(arguments: cases)
    func windowStart(_ c: Case) throws {
        let window = ObservingWindow(containing: c.when, timeZone: try #require(TimeZone(identifier: c.zone)))
        #expect(window.utcOffsetHours == c.offsetHours)
        #expect(window.startTAI == c.startTAI)
        #expect(window.endTAI == c.startTAI + 1)
        #expect(UTCTimestamp.string(nearestTo: Date(timeIntervalSince1970: TimeScales.unixSeconds(taiJulianDate: window.startTAI))) == c.startUTC)
    }

    @Test func windowIsReportedWithTheEvents() throws {
        let result = try SiteEvents.compute(latitude: 34, longitude: -119, timeZone: "America/Los_Angeles", when: 1596308460)
        #expect(result.window.startTAI == 2459063.2916666665)
    }

    /// Any `when` inside one window gives the identical output (events.md §5.5 case 10).
    @Test func sameWindowSameOutput() throws {
        let a = try SiteEvents.compute(latitude: 34, longitude: -119, timeZone: "America/Los_Angeles", when: 1596308460)
        let b = try SiteEvents.compute(latitude: 34, longitude: -119, timeZone: "America/Los_Angeles", when: 1596308460 + 20 * 3600)
        #expect(a.events == b.events)
    }

    @Test(arguments: [("America/Los_Angeles", "2020-06-01T00:00:00Z", -7.0),
                      ("America/Los_Angeles", "2020-01-01T00:00:00Z", -8.0),
                      ("Australia/Perth", "2020-01-01T00:00:00Z", 8.0)])
    func utcOffsetHours(zone: String, instant: String, hours: Double) throws {
        let when = try #require(UTCTimestamp.parse(instant)).timeIntervalSince1970
        #expect(ObservingWindow(containing: when, timeZone: try #require(TimeZone(identifier: zone))).utcOffsetHours == hours)
    }

    /// pytz 2022.1's offsets (seconds) where it departs from the tz database: local mean time,
    /// rounded to the minute, before 1901-12-13T20:45:52Z; no summer time from 2038 on.
    @Test(arguments: [("America/Los_Angeles", -2_147_483_649.0, -28380), ("America/Los_Angeles", -2_147_483_648.0, -28800),
                      ("America/Los_Angeles", 2_224_713_600.0, -28800),   // 2040-07-01
                      ("America/Los_Angeles", 2_130_019_200.0, -25200),   // 2037-07-01
                      ("Australia/Melbourne", 2_382_480_000.0, 39600),    // 2045-07-01
                      ("Europe/London", 2_382_480_000.0, 0),
                      ("Asia/Kolkata", -2_208_988_800.0, 21180),          // 1900-01-01
                      ("Asia/Kolkata", -2_114_380_800.0, 19260),          // 1903-01-01
                      ("Africa/Johannesburg", -2_208_988_800.0, 6720),
                      ("Africa/Johannesburg", -2_145_916_800.0, 5400),    // 1902-01-01
                      ("Pacific/Honolulu", -2_208_988_800.0, -37860)])
    func offsetsAsPytzHasThem(zone: String, unixSeconds: Double, seconds: Int) throws {
        #expect(SiteTimeZone.pytzOffsetSeconds(try #require(TimeZone(identifier: zone)), unixSeconds: unixSeconds) == seconds)
    }
}
