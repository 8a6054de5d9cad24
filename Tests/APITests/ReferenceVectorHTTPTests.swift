import Foundation
import PTRCore
import PTRTesting
import Testing

/// Every vector of events_vectors.json (events.md §5.3) through HTTP: each vector's site config
/// PUT first, then `GET /api/events?site=…&when=…`; moon vectors through the moon route.
@Suite struct ReferenceVectorHTTPTests {
    static let sunToleranceSeconds = 2.0
    static let moonToleranceSeconds = 10.0
    static let illuminationTolerance = 0.002

    @Test("site events vectors over HTTP", arguments: TestBackend.enabled)
    func siteEvents(backend: TestBackend) async throws {
        try await withAPI(backend) { client in
            for vector in Fixtures.siteEvents {
                try await client.putConfig(vector.site, [
                    "latitude": .double(vector.lat), "longitude": .double(vector.lng), "elevation": 0,
                    "reference_ambient": [10], "reference_pressure": [977.83], "TZ_database_name": .string(vector.timezone),
                ])
            }
            for vector in Fixtures.siteEvents {
                let reply = try await client.send(.get, "/api/events?site=\(vector.site)&when=\(vector.when)")
                #expect(reply.status == .ok)
                let pairs = try SiteEventsTests.orderedEvents(reply.text)
                #expect(Set(pairs.map(\.0)) == Set(vector.events.keys), "\(vector.site) \(vector.when)")
                #expect(pairs.map(\.1) == pairs.map(\.1).sorted())
                for (key, value) in pairs {
                    guard let expected = vector.events[key] else { continue }
                    let error = (value - expected) * 86_400
                    let tolerance = key.hasPrefix("Moon") ? Self.moonToleranceSeconds : Self.sunToleranceSeconds
                    #expect(abs(error) <= tolerance, "\(vector.site) \(vector.when) \(key): off by \(error) s")
                }
            }
        }
    }

    @Test("moon vectors over HTTP", arguments: TestBackend.enabled)
    func moon(backend: TestBackend) async throws {
        try await withAPI(backend) { client in
            let formatter = ISO8601DateFormatter()
            for vector in Fixtures.moon {
                let reply = try await client.send(.get, MoonRiseSetTests.moon("lat=\(vector.lat)&lng=\(vector.lng)&start=\(vector.start)&end=\(vector.end)"))
                #expect(reply.status == .ok)
                let passes = try #require(try reply.json().arrayValue)
                try #require(passes.count == vector.result.count)
                for (pass, expected) in zip(passes, vector.result) {
                    for (key, reference) in [("rise", expected.rise), ("set", expected.set), ("transit", expected.transit)] {
                        let actual = try #require(pass[key]?.stringValue.flatMap(formatter.date(from:)))
                        #expect(abs(actual.timeIntervalSince(formatter.date(from: reference)!)) <= Self.moonToleranceSeconds, "\(key)")
                    }
                    #expect(abs(pass["illumination"]!.doubleValue! - expected.illumination) <= Self.illuminationTolerance)
                }
            }
        }
    }
}
