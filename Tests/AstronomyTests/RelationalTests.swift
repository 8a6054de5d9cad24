import Foundation
import Testing
@testable import Astronomy

/// Deterministic generator so the random sites are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The exact relations of events.md §5.4 on random sites (latitude −60…60) and dates (1900–2053).
@Suite struct RelationalTests {
    struct Site: Sendable, CustomTestStringConvertible {
        let latitude: Double
        let longitude: Double
        let zone: String
        let when: Double
        var testDescription: String { "lat \(latitude) lng \(longitude) \(zone) when \(when)" }
    }

    /// Real zones with DST and their longitude (a site lies within ±10° of it).
    static let zonesWithDST = [("America/Los_Angeles", -118.0), ("America/Santiago", -70.0),
                               ("Europe/Berlin", 13.0), ("Australia/Sydney", 151.0)]

    /// The relations assume the zone fits the site (local noon near solar noon, as for real
    /// observatories): mostly the `Etc/GMT±N` zone of the longitude's meridian, some DST zones.
    static let sites: [Site] = {
        var random = SplitMix64(state: 20_260_421)
        return (0..<240).map { i in
            let latitude = Double.random(in: -60...60, using: &random)
            var longitude = Double.random(in: -180...180, using: &random)
            let zone: String
            if i % 6 == 0 {
                let (name, meridian) = zonesWithDST[(i / 6) % zonesWithDST.count]
                longitude = meridian + Double.random(in: -10...10, using: &random)
                zone = name
            } else {
                let hours = Int((longitude / 15).rounded())
                zone = hours == 0 ? "Etc/GMT" : "Etc/GMT\(hours > 0 ? "-" : "+")\(abs(hours))"
            }
            let when = Double.random(in: -2_208_988_800...2_642_889_600, using: &random)   // 1900-01-01 … 2053-10-01
            return Site(latitude: latitude, longitude: longitude, zone: zone, when: when)
        }
    }()

    static let exact = 1e-9

    @Test(arguments: sites)
    func relations(_ site: Site) throws {
        let outcome = Result { () throws(SiteEventsError) in
            try SiteEvents.compute(latitude: site.latitude, longitude: site.longitude,
                                   timeZone: site.zone, when: site.when)
        }
        guard case .success(let result) = outcome else {
            // Only the short summer nights of high latitudes may fail, and only this way.
            guard case .failure(.sunDepressionNotCrossedTwice) = outcome else {
                Issue.record("unexpected \(outcome)")
                return
            }
            #expect(abs(site.latitude) > 48)
            return
        }
        let e = { (key: SiteEventKey) in result[key]! }
        #expect(abs(e(.sunSet) - e(.opsWindowStart) - 1.0 / 24) < Self.exact)
        #expect(abs(e(.coolDownOpen) - e(.opsWindowStart) - 0.5 / 1440) < Self.exact)
        #expect(abs(e(.opsWindowStart) - e(.endEveScreenFlats) - 75.0 / 86400) < Self.exact)
        #expect(abs(e(.endEveScreenFlats) - e(.eveScreenFlats) - 1.5 / 24) < Self.exact)
        #expect(abs(e(.eveScreenFlats) - e(.endEveBiasDark) - 385.0 / 86400) < Self.exact)
        #expect(abs(e(.endEveBiasDark) - e(.eveBiasDark) - 8.0 / 24) < Self.exact)
        #expect(abs(e(.sunSet) - e(.eveSkyFlats) - 0.5 / 24) < Self.exact)
        #expect(abs(e(.clockAndAutoFocus) - e(.endEveSkyFlats) - 1.0 / 1440) < Self.exact)
        #expect(abs(e(.observingBegins) - e(.nauticalDusk) - 5.0 / 1440) < Self.exact)
        #expect(abs(e(.nauticalDawn) - e(.observingEnds) - 5.0 / 1440) < Self.exact)
        #expect(abs(e(.nauticalDawn) - e(.finalClockAndAutoFocus) - 4.0 / 1440) < Self.exact)
        #expect(abs(e(.opsWindowCloses) - e(.endMornSkyFlats) - 0.5 / 1440) < Self.exact)
        #expect(abs(e(.middleOfNight) - (e(.sunSet) + e(.sunrise)) / 2) < Self.exact)

        let chain: [SiteEventKey] = [.sunSet, .civilDusk, .endEveSkyFlats, .nauticalDusk, .astroDark, .middleOfNight,
                                     .endAstroDark, .nauticalDawn, .mornSkyFlats, .civilDawn, .endMornSkyFlats, .sunrise]
        for (earlier, later) in zip(chain, chain.dropFirst()) {
            #expect(e(earlier) < e(later), "\(earlier.rawValue) < \(later.rawValue)")
        }
        #expect(e(.sunSet) > result.window.startTAI && e(.sunrise) < result.window.endTAI)
        let values = result.orderedKeyValues.map(\.1)
        #expect(values == values.sorted())
        #expect(result.events.count == 24 + (result[.moonRise] == nil ? 0 : 1) + (result[.moonSet] == nil ? 0 : 1))

        try checkAltitudes(result, site)
    }

    /// The crossings really are at the thresholds, with the sun moving the right way.
    private func checkAltitudes(_ result: SiteEventsResult, _ site: Site) throws {
        let ephemeris = try Ephemeris.bundled.get()
        let sky = Topocentric(ephemeris: ephemeris, latitude: site.latitude, longitude: site.longitude)
        func altitude(_ body: Body, _ key: SiteEventKey, minutes: Double = 0) -> Double {
            sky.altitude(body, ttJulianDate: result[key]! + TimeScales.ttMinusTAIDays + minutes / 1440)
        }
        let sunEvents: [(SiteEventKey, Double, Bool)] = [
            (.sunSet, -0.25, false), (.civilDusk, -6, false), (.nauticalDusk, -12, false), (.astroDark, -18, false),
            (.endEveSkyFlats, -11.75, false), (.endAstroDark, -18, true), (.nauticalDawn, -12, true),
            (.mornSkyFlats, -11.75, true), (.civilDawn, -6, true), (.endMornSkyFlats, -1.5, true), (.sunrise, -0.25, true),
        ]
        for (key, threshold, rising) in sunEvents {
            #expect(abs(altitude(.sun, key) - threshold) < 0.0003, "\(key.rawValue)")
            #expect((altitude(.sun, key, minutes: 1) > altitude(.sun, key, minutes: -1)) == rising, "\(key.rawValue)")
        }
        for key in [SiteEventKey.moonRise, .moonSet] where result[key] != nil {
            #expect(abs(altitude(.moon, key) - MoonCrossings.horizonDegrees) < 0.0003, "\(key.rawValue)")
            #expect((altitude(.moon, key, minutes: 1) > altitude(.moon, key, minutes: -1)) == (key == .moonRise))
        }
    }

    /// Enough of the random sites succeed for the checks above to mean something.
    @Test func mostRandomSitesSucceed() {
        let failures = Self.sites.filter { site in
            (try? SiteEvents.compute(latitude: site.latitude, longitude: site.longitude,
                                     timeZone: site.zone, when: site.when)) == nil
        }
        print("random sites: \(Self.sites.count - failures.count) succeed, \(failures.count) fail (all at |lat| > 48)")
        #expect(failures.count < Self.sites.count / 10)
        #expect(failures.allSatisfy { abs($0.latitude) > 48 })
    }
}
