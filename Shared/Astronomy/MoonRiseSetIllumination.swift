import Foundation
import PTRCore

/// One moon rise → set pair of the moon endpoint.
public struct MoonPass: Sendable, Equatable {
    public let rise: Date
    public let set: Date
    /// First upper meridian transit after the rise, labelled in UT1 as the reference does (see
    /// `ut1Date`).
    public let transit: Date
    /// Illuminated fraction of the disc at the transit, 0…1 (geocentric).
    public let illumination: Double

    /// The endpoint's fields in output order: illumination, rise, set, transit (whole-second UTC).
    public var riseISO: String { UTCTimestamp.string(nearestTo: rise) }
    public var setISO: String { UTCTimestamp.string(nearestTo: set) }
    public var transitISO: String { UTCTimestamp.string(nearestTo: transit) }
}

public enum MoonRiseSetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `start`/`end` not of the form `YYYY-MM-DDTHH:MM:SSZ`.
    case invalidTimeFormat(String)
    /// `end` is not after `start`.
    case endNotAfterStart
    /// Latitude or longitude is not a finite number.
    case invalidInput(String)
    /// Window, or a transit after one of its rises, outside the ephemeris as the reference reads it
    /// (1899-07-29 … 2053-10-13).
    case outsideEphemeris
    case ephemerisUnavailable(EphemerisError)
    /// No upper transit found within two days of a rise (not expected to happen).
    case transitNotFound

    public var description: String {
        switch self {
        case .invalidTimeFormat(let text): "'\(text)' is not YYYY-MM-DDTHH:MM:SSZ"
        case .endNotAfterStart: "end is not after start"
        case .invalidInput(let what): "\(what) is not a finite number"
        case .outsideEphemeris: "window is outside the ephemeris (\(Ephemeris.spanDescription))"
        case .ephemerisUnavailable(let error): "ephemeris unavailable (\(error))"
        case .transitNotFound: "no moon transit found after a rise"
        }
    }
}

/// `GET /events/moon/rise-set-illum` (events.md §3).
public enum MoonRiseSetIllumination {
    /// Hour-angle samples used to bracket the transit after a rise.
    private static let transitScanStepDays = 1.0 / 24
    private static let transitScanLimitDays = 2.0
    /// The Moon's mean hour-angle rate: one turn per lunar day of ≈ 1.035 days, radians/day.
    private static let meanHourAngleRate = 2 * Double.pi / 1.035

    public static func compute(latitude: Double, longitude: Double, start: String, end: String)
        throws(MoonRiseSetError) -> [MoonPass]
    {
        guard let startDate = UTCTimestamp.parse(start) else { throw .invalidTimeFormat(start) }
        guard let endDate = UTCTimestamp.parse(end) else { throw .invalidTimeFormat(end) }
        return try compute(latitude: latitude, longitude: longitude, start: startDate, end: endDate)
    }

    public static func compute(latitude: Double, longitude: Double, start: Date, end: Date)
        throws(MoonRiseSetError) -> [MoonPass]
    {
        for (name, value) in [("latitude", latitude), ("longitude", longitude)] where !value.isFinite {
            throw .invalidInput(name)
        }
        guard end > start else { throw .endNotAfterStart }
        let ephemeris: Ephemeris
        do { ephemeris = try Ephemeris.bundled.get() } catch { throw .ephemerisUnavailable(error) }
        let startTT = TimeScales.ttJulianDate(unixSeconds: start.timeIntervalSince1970)
        let endTT = TimeScales.ttJulianDate(unixSeconds: end.timeIntervalSince1970)
        guard ephemeris.covers(from: startTT, to: endTT, observing: .moon) else { throw .outsideEphemeris }

        let sky = Topocentric(ephemeris: ephemeris, latitude: latitude, longitude: longitude)
        var crossings = MoonCrossings.find(sky: sky, startTT: startTT, endTT: endTT)[...]
        // Keep whole rise → set pairs only.
        if crossings.first?.isRising == false { crossings = crossings.dropFirst() }
        if crossings.last?.isRising == true { crossings = crossings.dropLast() }

        var passes: [MoonPass] = []
        var remaining = crossings
        while let rise = remaining.popFirst(), let set = remaining.popFirst() {
            let transit = try transitAfter(rise.ttJulianDate, sky: sky, longitude: longitude)
            // The reference takes the transit from PyEphem, which has no such limit, but reads DE421
            // at it for the illumination.
            guard ephemeris.covers(from: transit, to: transit, observing: .moon) else { throw .outsideEphemeris }
            passes.append(MoonPass(rise: date(tt: rise.ttJulianDate), set: date(tt: set.ttJulianDate),
                                   transit: ut1Date(tt: transit),
                                   illumination: illuminatedFraction(ephemeris, ttJulianDate: transit)))
        }
        return passes
    }

    /// First upper transit (apparent topocentric hour angle rising through 0) strictly after `tt`.
    private static func transitAfter(_ tt: Double, sky: Topocentric, longitude: Double)
        throws(MoonRiseSetError) -> Double
    {
        let hourAngle = { sky.hourAngle(.moon, ttJulianDate: $0, longitudeDegrees: longitude) }
        let angleAtStart = hourAngle(tt)
        // Start one scan step before the transit predicted from the mean rate; if the prediction
        // overshot (hour angle already past 0 there), scan from `tt` itself.
        let predicted = tt + (angleAtStart < 0 ? -angleAtStart : 2 * .pi - angleAtStart) / meanHourAngleRate
        var (time, angle) = (tt, angleAtStart)
        if predicted - transitScanStepDays > tt {
            let early = predicted - transitScanStepDays
            let earlyAngle = hourAngle(early)
            if earlyAngle < 0 { (time, angle) = (early, earlyAngle) }
        }
        while time < tt + transitScanLimitDays {
            let next = time + transitScanStepDays
            let nextAngle = hourAngle(next)
            // Going from west-negative to non-negative is the upper transit; the jump at ±π is not.
            if angle < 0, nextAngle >= 0 {
                return CrossingSearch.root(of: hourAngle, between: time, angle, and: next, nextAngle)
            }
            (time, angle) = (next, nextAngle)
        }
        throw .transitNotFound
    }

    /// (1 + cos i) / 2 with i the angle between Earth→Moon (astrometric, geocentric) and Sun→Earth
    /// (geometric), as skyfield 1.42's `fraction_illuminated`.
    static func illuminatedFraction(_ ephemeris: Ephemeris, ttJulianDate: Double) -> Double {
        let earth = ephemeris.earthState(ttJulianDate: ttJulianDate).position
        let moon = ApparentPlace(ephemeris: ephemeris).astrometric(.moon, from: earth, ttJulianDate: ttJulianDate).vector
        let sunToEarth = earth - ephemeris.sunPosition(ttJulianDate: ttJulianDate)
        let cosine = moon.dot(sunToEarth) / (moon.length * sunToEarth.length)
        return (1 + cosine) / 2
    }

    private static func date(tt: Double) -> Date {
        Date(timeIntervalSince1970: TimeScales.unixSeconds(ttJulianDate: tt))
    }

    /// The reference's transit comes from PyEphem, which takes its dates as UT1, and skyfield prints
    /// it as UTC. Since 1972 the two differ by less than a second; before, skyfield's UTC (TAI − 10 s)
    /// drifts away from UT1, by 44 s in 1900.
    private static func ut1Date(tt: Double) -> Date {
        let days = TimeScales.ut1JulianDate(ttJulianDate: tt) - TimeScales.unixEpochJulianDate
        return Date(timeIntervalSince1970: days * TimeScales.secondsPerDay)
    }
}
