import Foundation
import Testing
@testable import Astronomy
import PTRCore

/// Every result of the original code in events_vectors.json (events.md §5.3).
@Suite struct ReferenceVectorTests {
    static let sunToleranceSeconds = 2.0
    static let moonToleranceSeconds = 10.0
    static let illuminationTolerance = 0.002

    /// Signed deviations (seconds) of every event of one vector, keyed by event name.
    static func deviations(_ vector: Fixtures.SiteEventsVector) throws -> (keys: [String], seconds: [String: Double]) {
        let result = try SiteEvents.compute(latitude: vector.lat, longitude: vector.lng,
                                            timeZone: vector.timezone, when: vector.when)
        let pairs = result.orderedKeyValues
        var seconds: [String: Double] = [:]
        for (key, value) in pairs {
            if let expected = vector.events[key] { seconds[key] = (value - expected) * 86_400 }
        }
        return (pairs.map(\.0), seconds)
    }

    /// Signed deviations of one moon vector: rise/set/transit seconds and illumination.
    static func moonDeviations(_ vector: Fixtures.MoonVector) throws
        -> (count: Int, riseSet: [Double], transit: [Double], illumination: [Double])
    {
        let passes = try MoonRiseSetIllumination.compute(latitude: vector.lat, longitude: vector.lng,
                                                         start: vector.start, end: vector.end)
        func seconds(_ actual: Date, _ reference: String) -> Double {
            actual.timeIntervalSince(UTCTimestamp.parse(reference)!)
        }
        let pairs = zip(passes, vector.result)
        return (passes.count,
                pairs.flatMap { [seconds($0.rise, $1.rise), seconds($0.set, $1.set)] },
                pairs.map { seconds($0.transit, $1.transit) },
                pairs.map { $0.illumination - $1.illumination })
    }

    @Test(arguments: Fixtures.siteEvents.indices)
    func siteEventsMatchReference(index: Int) throws {
        let vector = Fixtures.siteEvents[index]
        let (keys, seconds) = try Self.deviations(vector)
        #expect(Set(keys) == Set(vector.events.keys), "\(vector.site) \(vector.when)")
        for (key, error) in seconds {
            let tolerance = key.hasPrefix("Moon") ? Self.moonToleranceSeconds : Self.sunToleranceSeconds
            #expect(abs(error) <= tolerance, "\(vector.site) \(vector.when) \(key): off by \(error) s")
        }
    }

    @Test(arguments: Fixtures.moon.indices)
    func moonPassesMatchReference(index: Int) throws {
        let vector = Fixtures.moon[index]
        let deviations = try Self.moonDeviations(vector)
        try #require(deviations.count == vector.result.count)
        // The reference prints whole seconds, so half a second of rounding comes on top.
        for error in deviations.riseSet { #expect(abs(error) <= Self.moonToleranceSeconds) }
        for error in deviations.transit { #expect(abs(error) <= Self.moonToleranceSeconds) }
        for error in deviations.illumination { #expect(abs(error) <= Self.illuminationTolerance) }
    }

    /// Prints the worst deviation per kind (for the report) and checks them once more.
    @Test func worstDeviations() throws {
        var sun = 0.0, moonEvents = 0.0
        for vector in Fixtures.siteEvents {
            for (key, error) in try Self.deviations(vector).seconds {
                if key.hasPrefix("Moon") { moonEvents = max(moonEvents, abs(error)) } else { sun = max(sun, abs(error)) }
            }
        }
        var riseSet = 0.0, transit = 0.0, illumination = 0.0
        for vector in Fixtures.moon {
            let d = try Self.moonDeviations(vector)
            riseSet = max(riseSet, d.riseSet.map(abs).max() ?? 0)
            transit = max(transit, d.transit.map(abs).max() ?? 0)
            illumination = max(illumination, d.illumination.map(abs).max() ?? 0)
        }
        print("worst deviations: sun events \(sun) s, /events moon \(moonEvents) s, "
              + "moon endpoint rise/set \(riseSet) s, transit \(transit) s, illumination \(illumination)")
        #expect(sun <= Self.sunToleranceSeconds && moonEvents <= Self.moonToleranceSeconds)
        #expect(riseSet <= Self.moonToleranceSeconds && illumination <= Self.illuminationTolerance)
    }
}
