import Foundation
import Testing
@testable import Astronomy
import PTRCore

@Suite struct TimeScalesTests {
    /// ΔT at Julian epochs, from events.md §2.1 (skyfield 1.42's values).
    @Test(arguments: [(2015.0, 67.64), (2016.5, 68.40), (2017.0, 68.59), (2018.5, 69.11), (2020.0, 69.36),
                      (2021.5, 69.35), (2022.0, 69.29), (2023.0, 69.20), (2024.5, 69.08), (2025.0, 69.05),
                      (2026.5, 68.96), (2028.0, 68.90), (2029.0, 68.87), (2030.0, 68.85)])
    func deltaTMatchesSkyfield(epoch: Double, seconds: Double) {
        let jd = TimeScales.j2000 + (epoch - 2000) * 365.25
        #expect(abs(TimeScales.deltaT(ttJulianDate: jd) - seconds) < 0.01)
    }

    /// ΔT over the rest of DE421 (skyfield 1.42: the Stephenson–Morrison–Hohenkerk splines before
    /// 1973, IERS values, then its spline), computed with skyfield 1.42's builtin timescale.
    @Test(arguments: [(1899.75, -2.257), (1900.0, -1.977), (1910.0, 11.142), (1920.0, 21.617), (1930.0, 24.418),
                      (1940.0, 24.426), (1950.0, 28.932), (1960.0, 33.073), (1970.0, 39.932), (1972.5, 42.758),
                      (1980.0, 50.54), (1990.0, 56.855), (2053.5, 71.585)])
    func deltaTOverTheWholeEphemeris(epoch: Double, seconds: Double) {
        let jd = TimeScales.j2000 + (epoch - 2000) * 365.25
        #expect(abs(TimeScales.deltaT(ttJulianDate: jd) - seconds) < 0.01)
    }

    /// Before 1972 skyfield 1.42 holds TAI − UTC at its first value, 10 s.
    @Test(arguments: [("1899-07-29T00:00:00Z", 10.0), ("1961-01-01T00:00:00Z", 10.0), ("1971-12-31T23:59:59Z", 10.0),
                      ("1972-06-30T23:59:59Z", 10.0), ("1972-07-01T12:00:00Z", 11.0),
                      ("2012-06-30T23:59:59Z", 34.0), ("2012-07-01T00:00:00Z", 35.0), ("2015-07-01T00:00:00Z", 36.0),
                      ("2016-12-31T23:59:59Z", 36.0), ("2017-01-01T00:00:00Z", 37.0), ("2026-06-01T00:00:00Z", 37.0)])
    func leapSeconds(instant: String, offset: Double) throws {
        let unix = try #require(UTCTimestamp.parse(instant)).timeIntervalSince1970
        #expect(TimeScales.taiMinusUTC(unixSeconds: unix) == offset)
        // A Julian date double resolves ~40 µs.
        #expect(abs(TimeScales.unixSeconds(taiJulianDate: TimeScales.taiJulianDate(unixSeconds: unix)) - unix) < 1e-4)
    }

    /// events.md §1.2: unix = (J − 2440587.5) × 86400 − 37 after 2017.
    @Test func taiJulianDateOfUnixTime() {
        let jd = TimeScales.taiJulianDate(unixSeconds: 1596308460)
        #expect(abs((jd - 2440587.5) * 86400 - 37 - 1596308460) < 1e-4)
    }

    @Test func parsesOnlyTheExactFormat() {
        #expect(UTCTimestamp.parse("2020-12-31T01:00:00Z") == Date(timeIntervalSince1970: 1609376400))
        for bad in ["2020-12-31T01:00:00", "2020-12-31T01:00:00+00:00", "2020-12-31 01:00:00Z", "2020-02-30T01:00:00Z",
                    "2020-13-01T01:00:00Z", "2020-12-31T24:00:00Z", "2020-12-31T01:00:00.5Z", "abc", ""] {
            #expect(UTCTimestamp.parse(bad) == nil, "\(bad)")
        }
        #expect(UTCTimestamp.parse("2024-02-29T12:34:56Z") == Date(timeIntervalSince1970: 1709210096))
    }

    @Test func formatsRoundedToTheNearestSecond() {
        #expect(UTCTimestamp.string(nearestTo: Date(timeIntervalSince1970: 1609376400.49)) == "2020-12-31T01:00:00Z")
        #expect(UTCTimestamp.string(nearestTo: Date(timeIntervalSince1970: 1609376400.5)) == "2020-12-31T01:00:01Z")
        #expect(UTCTimestamp.string(nearestTo: Date(timeIntervalSince1970: 951868799.6)) == "2000-03-01T00:00:00Z")
        #expect(UTCTimestamp.string(nearestTo: Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
    }

    @Test func formatsANowStampWithTheFractionDropped() {
        #expect(UTCTimestamp.string(from: Date(timeIntervalSince1970: 1609376400.99)) == "2020-12-31T01:00:00Z")
        #expect(UTCTimestamp.string(from: Date(timeIntervalSince1970: 951868799.6)) == "2000-02-29T23:59:59Z")
        #expect(UTCTimestamp.string(from: Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59Z")
    }
}
