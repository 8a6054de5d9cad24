import Foundation
import HTTPTypes
import PTRCore
import PTRTesting
import Testing

/// `GET /events/moon/rise-set-illum`: the handler cases of events.md §5.5 (12–17) and §3.1.
@Suite struct MoonRiseSetTests {
    static let formatError = "Error with format of start/end times. Format should be like: '2020-12-31T01:00:00Z. "

    static func moon(_ query: String) -> String { "/api/events/moon/rise-set-illum?\(query)" }

    @Test("case 12: no complete pass is []", arguments: TestBackend.enabled)
    func empty(backend: TestBackend) async throws {
        try await withAPI(backend) { client in
            let reply = try await client.send(.get, Self.moon("lat=34&lng=-119&start=2020-10-01T01:00:00Z&end=2020-10-01T02:00:00Z"))
            #expect(reply.status == .ok)
            #expect(reply.text == "[]")
            #expect(reply["Access-Control-Allow-Origin"] == "*")
        }
    }

    @Test("case 13: near full moon, rise < transit < set, keys in order", arguments: TestBackend.enabled)
    func fullMoon(backend: TestBackend) async throws {
        try await withAPI(backend) { client in
            let reply = try await client.send(.get, Self.moon("lat=34&lng=-119&start=2020-10-02T02:00:00Z&end=2020-10-02T15:00:00Z"))
            #expect(reply.status == .ok)
            let passes = try #require(try reply.json().arrayValue)
            let first = try #require(passes.first)
            let keyOrder = try Regex(#"^\[\{"illumination":[0-9.e-]+,"rise":"[^"]+","set":"[^"]+","transit":"[^"]+"\}"#)
            #expect(reply.text.prefixMatch(of: keyOrder) != nil, "\(reply.text)")
            let rise = try #require(first["rise"]?.stringValue), transit = try #require(first["transit"]?.stringValue)
            let set = try #require(first["set"]?.stringValue)
            #expect(rise < transit && transit < set)
            #expect(rise.count == 20 && rise.hasSuffix("Z"))
            let illumination = try #require(first["illumination"]?.doubleValue)
            #expect(illumination >= 0.9 && illumination <= 1)
        }
    }

    @Test("cases 14-15 and missing start/end: the format 404", arguments: TestBackend.enabled)
    func badTimes(backend: TestBackend) async throws {
        try await withAPI(backend) { client in
            for query in ["lat=34&lng=-119&start=2020-10-02T02:00:00&end=2020-10-02T15:00:00Z",
                          "lat=34&lng=-119&start=2020-10-02T02:00:00Z&end=2020-10-02T15:00:00.5Z",
                          "lat=34&lng=-119&start=2020-10-02T15:00:00Z&end=2020-10-02T02:00:00Z",
                          "lat=34&lng=-119&start=2020-10-02T02:00:00Z&end=2020-10-02T02:00:00Z",
                          "lat=34&lng=-119&start=2020-02-30T02:00:00Z&end=2020-03-02T02:00:00Z",
                          "lat=34&lng=-119&end=2020-10-02T15:00:00Z", "lat=34&lng=-119&start=2020-10-02T02:00:00Z", "lat=34&lng=-119"] {
                let reply = try await client.send(.get, Self.moon(query))
                #expect(reply.status == .notFound, "\(query)")
                #expect(reply.text == Self.formatError, "\(query)")
            }
        }
    }

    @Test("case 16: missing or invalid lat/lng (and no query string) is a 400", arguments: TestBackend.enabled)
    func badCoordinates(backend: TestBackend) async throws {
        try await withAPI(backend) { client in
            let times = "start=2020-10-02T02:00:00Z&end=2020-10-02T15:00:00Z"
            for (query, name) in [("lng=-119&\(times)", "lat"), ("lat=north&lng=-119&\(times)", "lat"), ("lat=nan&lng=-119&\(times)", "lat"),
                                  ("lat=34&\(times)", "lng"), ("lat=34&lng=inf&\(times)", "lng"), ("lat=34&lng=&\(times)", "lng"), ("", "lat")] {
                let reply = try await client.send(.get, Self.moon(query))
                #expect(reply.status == .badRequest, "\(query)")
                #expect(try reply.json() == ["error": .string("Missing or invalid '\(name)' query string parameter: expected a number of degrees.")])
            }
            let bare = try await client.send(.get, "/api/events/moon/rise-set-illum")
            #expect(bare.status == .badRequest)
        }
    }

    @Test("other computation failures: the calculation 404", arguments: TestBackend.enabled)
    func outsideEphemeris(backend: TestBackend) async throws {
        try await withAPI(backend) { client in
            let reply = try await client.send(.get, Self.moon("lat=34&lng=-119&start=1890-10-02T02:00:00Z&end=1890-10-05T15:00:00Z"))
            #expect(reply.status == .notFound)
            #expect(reply.text == "Error while calculating moon rise set illum values.")
        }
    }

    @Test("case 17: a 30-day window", arguments: TestBackend.enabled)
    func month(backend: TestBackend) async throws {
        try await withAPI(backend) { client in
            let reply = try await client.send(.get, Self.moon("lat=34&lng=-119&start=2020-10-01T00:00:00Z&end=2020-10-31T00:00:00Z"))
            #expect(reply.status == .ok)
            let passes = try #require(try reply.json().arrayValue)
            #expect((27...30).contains(passes.count))
            let formatter = ISO8601DateFormatter()
            let rises = passes.compactMap { $0["rise"]?.stringValue.flatMap(formatter.date(from:)) }
            for pass in passes { #expect(pass["rise"]!.stringValue! < pass["set"]!.stringValue!) }
            let meanGapHours = rises.last!.timeIntervalSince(rises.first!) / Double(rises.count - 1) / 3600
            #expect(abs(meanGapHours - (24 + 50.0 / 60)) < 0.25)
            let illuminations = passes.compactMap { $0["illumination"]?.doubleValue }
            #expect(illuminations.min()! < 0.05 && illuminations.max()! > 0.95)
        }
    }
}
