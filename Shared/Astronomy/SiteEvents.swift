import Foundation

/// Names of the `/events` keys, in the definition order of the reference (events.md §2.7),
/// which is also the tie-break order when two values are equal.
public enum SiteEventKey: String, CaseIterable, Sendable {
    case eveBiasDark = "Eve Bias Dark"
    case endEveBiasDark = "End Eve Bias Dark"
    case eveScreenFlats = "Eve Scrn Flats"
    case endEveScreenFlats = "End Eve Scrn Flats"
    case opsWindowStart = "Ops Window Start"
    case observingBegins = "Observing Begins"
    case observingEnds = "Observing Ends"
    case coolDownOpen = "Cool Down, Open"
    case eveSkyFlats = "Eve Sky Flats"
    case sunSet = "Sun Set"
    case civilDusk = "Civil Dusk"
    case endEveSkyFlats = "End Eve Sky Flats"
    case clockAndAutoFocus = "Clock & Auto Focus"
    case nauticalDusk = "Naut Dusk"
    case astroDark = "Astro Dark"
    case middleOfNight = "Middle of Night"
    case endAstroDark = "End Astro Dark"
    case finalClockAndAutoFocus = "Final Clock & Auto Focus"
    case nauticalDawn = "Naut Dawn"
    case mornSkyFlats = "Morn Sky Flats"
    case civilDawn = "Civil Dawn"
    case endMornSkyFlats = "End Morn Sky Flats"
    case opsWindowCloses = "Ops Window Closes"
    case sunrise = "Sunrise"
    case moonRise = "Moon Rise"
    case moonSet = "Moon Set"
}

public struct SiteEvent: Sendable, Equatable {
    public let key: SiteEventKey
    /// TAI Julian date.
    public let taiJulianDate: Double
}

public struct SiteEventsResult: Sendable {
    public let window: ObservingWindow
    /// All events, ascending by value (stable: ties keep the definition order).
    public let events: [SiteEvent]

    /// The `/events` body as ordered (key, TAI Julian date) pairs.
    public var orderedKeyValues: [(String, Double)] { events.map { ($0.key.rawValue, $0.taiJulianDate) } }

    public subscript(key: SiteEventKey) -> Double? { events.first { $0.key == key }?.taiJulianDate }
}

public enum SiteEventsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `TZ_database_name` is not an IANA zone known to the system.
    case unknownTimeZone(String)
    /// Latitude, longitude or `when` is not a finite number.
    case invalidInput(String)
    /// The window reaches outside the ephemeris as the reference reads it (1899-07-29 … 2053-10-13).
    case outsideEphemeris(startTAI: Double)
    case ephemerisUnavailable(EphemerisError)
    /// A sun depression is not crossed exactly twice in the window (high-latitude summer etc.).
    case sunDepressionNotCrossedTwice(events: String, depressionDegrees: Double, crossings: Int)

    public var description: String {
        switch self {
        case .unknownTimeZone(let name): "unknown time zone '\(name)'"
        case .invalidInput(let what): "\(what) is not a finite number"
        case .outsideEphemeris(let start): "window starting at TAI JD \(start) is outside the ephemeris (\(Ephemeris.spanDescription))"
        case .ephemerisUnavailable(let error): "ephemeris unavailable (\(error))"
        case .sunDepressionNotCrossedTwice(let events, let depression, let crossings):
            "\(events): the sun crosses \(-depression)° \(crossings) times in the window, not twice"
        }
    }
}

/// The `/events` computation of the photonranch-api (events.md §2).
public enum SiteEvents {
    /// Calibration durations of the reference, days ("TODO: read from config" there).
    private enum Duration {
        static let screenFlat = 1.5 / 24
        static let biasDark = 8.0 / 24
        static let longestScreen = (75.0 / 60) / 1440
        static let longestDark = (385.0 / 60) / 1440
    }

    /// Sun depressions below the horizon (degrees), in the order the reference computes them,
    /// with the events that depend on each (named in errors).
    private enum Depression: Double {
        case sunset = 0.25, civil = 6, nautical = 12, astronomical = 18, skyFlatEnd = 1.5, skyFlat = 11.75

        var events: String {
            switch self {
            case .sunset: "Sun Set / Sunrise"
            case .civil: "Civil Dusk / Civil Dawn"
            case .nautical: "Naut Dusk / Naut Dawn"
            case .astronomical: "Astro Dark / End Astro Dark"
            case .skyFlatEnd: "End Morn Sky Flats"
            case .skyFlat: "End Eve Sky Flats / Morn Sky Flats"
            }
        }
    }

    /// Events of the local-noon-to-noon window containing `when`.
    /// - Parameters:
    ///   - latitude: degrees, north positive; longitude: degrees, east positive.
    ///   - timeZone: IANA name (`TZ_database_name` of the site config).
    ///   - when: Unix seconds.
    public static func compute(latitude: Double, longitude: Double, timeZone: String, when: Double)
        throws(SiteEventsError) -> SiteEventsResult
    {
        guard let zone = SiteTimeZone.named(timeZone) else { throw .unknownTimeZone(timeZone) }
        for (name, value) in [("latitude", latitude), ("longitude", longitude), ("when", when)] where !value.isFinite {
            throw .invalidInput(name)
        }
        let ephemeris: Ephemeris
        do { ephemeris = try Ephemeris.bundled.get() } catch { throw .ephemerisUnavailable(error) }
        let window = ObservingWindow(containing: when, timeZone: zone)
        let startTT = window.startTAI + TimeScales.ttMinusTAIDays
        let endTT = window.endTAI + TimeScales.ttMinusTAIDays
        // The Sun's light time reaches further back than the Moon's.
        guard ephemeris.covers(from: startTT, to: endTT, observing: .sun) else {
            throw .outsideEphemeris(startTAI: window.startTAI)
        }
        let sky = Topocentric(ephemeris: ephemeris, latitude: latitude, longitude: longitude)
        let events = try assemble(sun: SunCrossings(sky: sky, startTT: startTT, endTT: endTT),
                                  moon: MoonCrossings.find(sky: sky, startTT: startTT, endTT: endTT))
        return SiteEventsResult(window: window, events: events)
    }

    /// The reference's event arithmetic on TAI Julian dates (events.md §2.7), sorted by value.
    private static func assemble(sun: SunCrossings, moon: [Crossing]) throws(SiteEventsError) -> [SiteEvent] {
        let (sunrise, sunset) = try sun.riseSet(.sunset)
        let (civilDawn, civilDusk) = try sun.riseSet(.civil)
        let (nauticalDawn, nauticalDusk) = try sun.riseSet(.nautical)
        let (astroDawn, astroDusk) = try sun.riseSet(.astronomical)
        let opsWindowStart = sunset + -1.0 / 24
        let (mornSkyFlatEnd, _) = try sun.riseSet(.skyFlatEnd)
        let eveSkyFlatBegin = sunset + -0.5 / 24
        let (mornSkyFlatBegin, eveSkyFlatEnd) = try sun.riseSet(.skyFlat)

        let endEveScreenFlats = opsWindowStart + -Duration.longestScreen
        let beginEveScreenFlats = endEveScreenFlats + -Duration.screenFlat
        let endEveBiasDark = beginEveScreenFlats + -Duration.longestDark
        let beginEveBiasDark = endEveBiasDark + -Duration.biasDark

        var values: [(SiteEventKey, Double)] = [
            (.eveBiasDark, beginEveBiasDark),
            (.endEveBiasDark, endEveBiasDark),
            (.eveScreenFlats, beginEveScreenFlats),
            (.endEveScreenFlats, endEveScreenFlats),
            (.opsWindowStart, opsWindowStart),
            (.observingBegins, nauticalDusk + 5.0 / 1440),
            (.observingEnds, nauticalDawn + -5.0 / 1440),
            (.coolDownOpen, opsWindowStart + 0.5 / 1440),
            (.eveSkyFlats, eveSkyFlatBegin),
            (.sunSet, sunset),
            (.civilDusk, civilDusk),
            (.endEveSkyFlats, eveSkyFlatEnd),
            (.clockAndAutoFocus, eveSkyFlatEnd + 1.0 / 1440),
            (.nauticalDusk, nauticalDusk),
            (.astroDark, astroDusk),
            (.middleOfNight, sunset + 0.5 * (sunrise - sunset)),
            (.endAstroDark, astroDawn),
            (.finalClockAndAutoFocus, nauticalDawn + -4.0 / 1440),
            (.nauticalDawn, nauticalDawn),
            (.mornSkyFlats, mornSkyFlatBegin),
            (.civilDawn, civilDawn),
            (.endMornSkyFlats, mornSkyFlatEnd),
            (.opsWindowCloses, mornSkyFlatEnd + 0.5 / 1440),
            (.sunrise, sunrise),
        ]
        // The last moon rise and the last moon set in the window win.
        if let rise = moon.last(where: \.isRising) { values.append((.moonRise, taiJulianDate(rise))) }
        if let set = moon.last(where: { !$0.isRising }) { values.append((.moonSet, taiJulianDate(set))) }

        return values.enumerated()
            .sorted { ($0.element.1, $0.offset) < ($1.element.1, $1.offset) }
            .map { SiteEvent(key: $0.element.0, taiJulianDate: $0.element.1) }
    }

    private static func taiJulianDate(_ crossing: Crossing) -> Double {
        crossing.ttJulianDate - TimeScales.ttMinusTAIDays
    }

    /// Sun altitudes sampled once on the reference grid, shared by every depression.
    private struct SunCrossings {
        /// 24 samples: skyfield's legacy `rough_period = 0.5` day × 12 samples per period.
        static let sampleCount = 24
        let sky: Topocentric
        let grid: [Double]
        let altitudes: [Double]

        init(sky: Topocentric, startTT: Double, endTT: Double) {
            self.sky = sky
            grid = CrossingSearch.grid(from: startTT, to: endTT, count: Self.sampleCount)
            altitudes = grid.map { sky.altitude(.sun, ttJulianDate: $0) }
        }

        /// (next morning's upward crossing, this evening's downward crossing), TAI Julian dates.
        func riseSet(_ depression: Depression) throws(SiteEventsError) -> (rise: Double, set: Double) {
            let crossings = CrossingSearch.crossings(grid: grid, samples: altitudes,
                                                     threshold: -depression.rawValue) {
                sky.altitude(.sun, ttJulianDate: $0)
            }
            guard crossings.count == 2 else {
                throw .sunDepressionNotCrossedTwice(events: depression.events,
                                                    depressionDegrees: depression.rawValue,
                                                    crossings: crossings.count)
            }
            // The reference reverses the pair when the second crossing is the rise.
            let (first, second) = crossings[1].isRising ? (crossings[1], crossings[0]) : (crossings[0], crossings[1])
            return (taiJulianDate(first), taiJulianDate(second))
        }
    }
}
