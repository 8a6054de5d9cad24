import Foundation
import Testing
@testable import Astronomy
import PTRCore

/// The original's results over all of DE421, 1900-01-01 … 2053-10-01 and the days at its ends
/// (Resources/range_vectors.json, written by Tools/ephemeris/make_range_vectors.py). Where the
/// original failed, `error` says how and there is no result.
enum RangeFixtures {
    struct SiteEventsVector: Decodable {
        let site: String
        let lat: Double
        let lng: Double
        let timezone: String
        let when: Double
        /// TAI Julian date at which the original's window starts.
        let day_start: Double
        let events: [String: Double]?
        /// "outside ephemeris" or "not crossed twice".
        let error: String?

        /// As a vector of events.md §5.3, when the original succeeded.
        var reference: Fixtures.SiteEventsVector? {
            events.map { Fixtures.SiteEventsVector(site: site, lat: lat, lng: lng, timezone: timezone, when: when, events: $0) }
        }
    }

    struct MoonVector: Decodable {
        let lat: Double
        let lng: Double
        let start: String
        let end: String
        let result: [Fixtures.MoonVector.Pass]?
        let error: String?

        var reference: Fixtures.MoonVector? {
            result.map { Fixtures.MoonVector(lat: lat, lng: lng, start: start, end: end, result: $0) }
        }
    }

    private struct File: Decodable {
        let site_events: [SiteEventsVector]
        let moon: [MoonVector]
    }

    private static let file: File = {
        let url = Bundle.module.url(forResource: "range_vectors", withExtension: "json")!
        return try! JSONDecoder().decode(File.self, from: Data(contentsOf: url))
    }()

    static var siteEvents: [SiteEventsVector] { file.site_events }
    static var moon: [MoonVector] { file.moon }
}

/// The original's results over all of DE421 (Tools/ephemeris/make_range_vectors.py): the same
/// window, every event within 2 s (sun) and 10 s (moon), and a failure wherever it failed.
@Suite struct RangeVectorTests {
    @Test(arguments: RangeFixtures.siteEvents.indices)
    func siteEventsMatchReference(index: Int) throws {
        let vector = RangeFixtures.siteEvents[index]
        let label = "\(vector.site) \(vector.when)"
        let zone = try #require(SiteTimeZone.named(vector.timezone))
        #expect(abs(ObservingWindow(containing: vector.when, timeZone: zone).startTAI - vector.day_start) < 1e-9, "\(label)")

        guard let reference = vector.reference else {
            let outcome = Result { () throws(SiteEventsError) in
                try SiteEvents.compute(latitude: vector.lat, longitude: vector.lng, timeZone: vector.timezone, when: vector.when)
            }
            switch (vector.error, outcome) {
            case ("outside ephemeris", .failure(.outsideEphemeris)), ("not crossed twice", .failure(.sunDepressionNotCrossedTwice)): break
            default: Issue.record("\(label): the original failed (\(vector.error ?? "")), got \(outcome)")
            }
            return
        }
        let (keys, seconds) = try ReferenceVectorTests.deviations(reference)
        #expect(Set(keys) == Set(reference.events.keys), "\(label)")
        for (key, error) in seconds {
            let tolerance = key.hasPrefix("Moon") ? ReferenceVectorTests.moonToleranceSeconds : ReferenceVectorTests.sunToleranceSeconds
            #expect(abs(error) <= tolerance, "\(label) \(key): off by \(error) s")
        }
    }

    @Test(arguments: RangeFixtures.moon.indices)
    func moonPassesMatchReference(index: Int) throws {
        let vector = RangeFixtures.moon[index]
        guard let reference = vector.reference else {
            #expect(throws: MoonRiseSetError.outsideEphemeris, "\(vector.start) \(vector.end)") {
                try MoonRiseSetIllumination.compute(latitude: vector.lat, longitude: vector.lng, start: vector.start, end: vector.end)
            }
            return
        }
        let deviations = try ReferenceVectorTests.moonDeviations(reference)
        try #require(deviations.count == reference.result.count, "\(vector.start) \(vector.lat)")
        for error in deviations.riseSet + deviations.transit {
            #expect(abs(error) <= ReferenceVectorTests.moonToleranceSeconds, "\(vector.start) \(vector.lat)")
        }
        for error in deviations.illumination { #expect(abs(error) <= ReferenceVectorTests.illuminationTolerance) }
    }

    /// Prints the worst deviations per decade (for the report) and checks them once more.
    @Test func worstDeviationsPerDecade() throws {
        func period(_ unixSeconds: Double) -> Int {
            let year = 1970 + Int((unixSeconds / (365.2425 * 86_400)).rounded(.down))
            return year / 10 * 10
        }
        var sun: [Int: Double] = [:], moonEvents: [Int: Double] = [:], riseSet: [Int: Double] = [:]
        var transit: [Int: Double] = [:], illumination: [Int: Double] = [:]
        for vector in RangeFixtures.siteEvents {
            guard let reference = vector.reference else { continue }
            for (key, error) in try ReferenceVectorTests.deviations(reference).seconds {
                if key.hasPrefix("Moon") {
                    moonEvents[period(vector.when)] = max(moonEvents[period(vector.when)] ?? 0, abs(error))
                } else {
                    sun[period(vector.when)] = max(sun[period(vector.when)] ?? 0, abs(error))
                }
            }
        }
        for vector in RangeFixtures.moon {
            guard let reference = vector.reference else { continue }
            let key = period(UTCTimestamp.parse(vector.start)!.timeIntervalSince1970)
            let d = try ReferenceVectorTests.moonDeviations(reference)
            riseSet[key] = max(riseSet[key] ?? 0, d.riseSet.map(abs).max() ?? 0)
            transit[key] = max(transit[key] ?? 0, d.transit.map(abs).max() ?? 0)
            illumination[key] = max(illumination[key] ?? 0, d.illumination.map(abs).max() ?? 0)
        }
        for key in Set(sun.keys).union(riseSet.keys).sorted() {
            func text(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "-" }
            print("worst deviations \(key)s: sun events \(text(sun[key])) s, /events moon \(text(moonEvents[key])) s, "
                  + "moon endpoint rise/set \(text(riseSet[key])) s, transit \(text(transit[key])) s, "
                  + "illumination \(text(illumination[key]))")
        }
        #expect(sun.values.allSatisfy { $0 <= ReferenceVectorTests.sunToleranceSeconds })
        #expect((Array(moonEvents.values) + riseSet.values + transit.values).allSatisfy { $0 <= ReferenceVectorTests.moonToleranceSeconds })
        #expect(illumination.values.allSatisfy { $0 <= ReferenceVectorTests.illuminationTolerance })
    }
}
