import Foundation
import HTTPTypes
import PTRCore
import PTRTesting
import Testing

/// `GET /events`: the handler cases of events.md §5.5 (1–11) and the request handling of §1.1,
/// with the site config PUT first as the observatory does.
@Suite struct SiteEventsTests {
    static let fixedKeys = [
        "Eve Bias Dark", "End Eve Bias Dark", "Eve Scrn Flats", "End Eve Scrn Flats", "Ops Window Start", "Observing Begins",
        "Observing Ends", "Cool Down, Open", "Eve Sky Flats", "Sun Set", "Civil Dusk", "End Eve Sky Flats", "Clock & Auto Focus",
        "Naut Dusk", "Astro Dark", "Middle of Night", "End Astro Dark", "Final Clock & Auto Focus", "Naut Dawn", "Morn Sky Flats",
        "Civil Dawn", "End Morn Sky Flats", "Ops Window Closes", "Sunrise",
    ]

    static func errorBody(_ message: String) -> JSONValue { ["error": .string(message)] }

    /// Unix seconds of a TAI Julian date after 2017 (events.md §1.2).
    static func unixSeconds(_ taiJulianDate: Double) -> Double { (taiJulianDate - 2_440_587.5) * 86_400 - 37 }

    static func unixSeconds(utc text: String) -> Double { ISO8601DateFormatter().date(from: text)!.timeIntervalSince1970 }

    /// The body's (key, value) pairs in document order, checking every value is written as a float.
    static func orderedEvents(_ text: String) throws -> [(String, Double)] {
        let pattern = try Regex(#""([^"]+)":(-?[0-9.eE+-]+)[,}]"#)
        let pairs = text.matches(of: pattern).map { match in
            (String(match.output[1].substring!), String(match.output[2].substring!))
        }
        for (key, number) in pairs {
            #expect(number.contains(".") || number.contains("e"), "\(key): \(number) is not written as a float")
        }
        return pairs.map { ($0.0, Double($0.1)!) }
    }

    @Test("cases 1-2: no query string, no site", arguments: TestBackend.enabled)
    func missingSite(backend: TestBackend) async throws {
        try await withAPI(backend) { client in
            for path in ["/api/events", "/api/events/", "/api/events?when=1596308460", "/api/events?site=", "/events?Site=tst"] {
                let reply = try await client.send(.get, path)
                #expect(reply.status == .badRequest, "\(path)")
                #expect(try reply.json() == Self.errorBody("Missing 'site' query string request parameter."), "\(path)")
                #expect(reply["Access-Control-Allow-Origin"] == "*")
            }
        }
    }

    @Test("case 8: unparsable or non-finite when is a 400, checked before the site's config", arguments: TestBackend.enabled)
    func invalidWhen(backend: TestBackend) async throws {
        try await withAPI(backend) { client in
            try await client.putConfig("tst", losAngelesConfig)
            for when in ["abc", "", "nan", "inf", "-inf", "1e999", "0x5F25E08C", "12abc"] {
                for site in ["tst", "nosuchsite"] {
                    let reply = try await client.send(.get, "/api/events?site=\(site)&when=\(when)")
                    #expect(reply.status == .badRequest, "when=\(when)")
                    #expect(try reply.json() == Self.errorBody("Invalid 'when' query string parameter."))
                }
            }
        }
    }

    @Test("when: any float syntax gives the same window", arguments: TestBackend.enabled)
    func whenSyntax(backend: TestBackend) async throws {
        try await withAPI(backend) { client in
            try await client.putConfig("tst", losAngelesConfig)
            let reference = try await client.send(.get, "/api/events?site=tst&when=1596308460")
            #expect(reference.status == .ok)
            for when in ["1596308460.25", "1.59630846e9", "%201596308460", "1596308460.0", "1596330000"] {
                let reply = try await client.send(.get, "/api/events?site=tst&when=\(when)")
                #expect(reply.status == .ok, "when=\(when)")
                #expect(reply.text == reference.text, "when=\(when)")
            }
        }
    }

    @Test("case 3: unknown site", arguments: TestBackend.enabled)
    func unknownSite(backend: TestBackend) async throws {
        try await withAPI(backend) { client in
            let reply = try await client.send(.get, "/api/events?site=nosuchsite")
            #expect(reply.status == .internalServerError)
            #expect(try reply.json() == Self.errorBody("The specified sitecode did not match any config file."))
            #expect(reply["Access-Control-Allow-Origin"] == "*")
        }
    }

    @Test("case 4: a missing or unusable parameter", arguments: TestBackend.enabled)
    func missingParameters(backend: TestBackend) async throws {
        let base = losAngelesConfig.objectValue!
        let withoutOne: [JSONValue] = ["latitude", "longitude", "elevation", "reference_ambient", "reference_pressure", "TZ_database_name"]
            .map { key in .object(base.filter { $0.key != key }) }
        let bad: [(String, JSONValue)] = [
            ("latitude", "north"), ("latitude", nil), ("latitude", true), ("longitude", [1]), ("elevation", "high"), ("elevation", "nan"),
            ("reference_ambient", []), ("reference_ambient", ["x"]), ("reference_ambient", ["a": 1]), ("reference_pressure", "abc"),
            ("TZ_database_name", 7), ("TZ_database_name", nil),
        ]
        let broken = withoutOne + bad.map { key, value in losAngelesConfig(with: [key: value]) }
        try await withAPI(backend) { client in
            #expect(try await client.putConfig("empty", [:]).status == .ok)
            for (index, configuration) in broken.enumerated() {
                try await client.putConfig("s\(index)", configuration)
            }
            for site in ["empty"] + broken.indices.map({ "s\($0)" }) {
                let reply = try await client.send(.get, "/api/events?site=\(site)&when=1596308460")
                #expect(reply.status == .internalServerError, "\(site)")
                #expect(try reply.json() == Self.errorBody(
                    "Site config missing required parameters. Please ensure it includes latitude, longitude, elevation, reference_ambient, reference_pressure, and TZ_database_name."),
                    "\(site)")
            }
        }
    }

    @Test("case 5 and numeric strings: scalar references and number texts are accepted", arguments: TestBackend.enabled)
    func lenientParameters(backend: TestBackend) async throws {
        try await withAPI(backend) { client in
            try await client.putConfig("tst", losAngelesConfig)
            try await client.putConfig("scalar", losAngelesConfig(with: ["reference_ambient": 10, "reference_pressure": 977.83]))
            try await client.putConfig("strings", losAngelesConfig(with:
                ["latitude": "34", "longitude": " -119.0 ", "elevation": "0", "reference_ambient": "10", "reference_pressure": ["977.83"]]))
            let reference = try await client.send(.get, "/api/events?site=tst&when=1596308460")
            for site in ["scalar", "strings"] {
                let reply = try await client.send(.get, "/api/events?site=\(site)&when=1596308460")
                #expect(reply.status == .ok, "\(site)")
                #expect(reply.text == reference.text, "\(site)")
            }
        }
    }

    @Test("case 6: invalid time zone name", arguments: TestBackend.enabled)
    func invalidTimeZone(backend: TestBackend) async throws {
        try await withAPI(backend) { client in
            for name in ["Mars/Olympus", "PST", ""] {
                try await client.putConfig("mars", losAngelesConfig(with: ["TZ_database_name": .string(name)]))
                let reply = try await client.send(.get, "/api/events?site=mars&when=1596308460")
                #expect(reply.status == .internalServerError)
                #expect(try reply.json() == Self.errorBody("Invalid timezone name from site config: '\(name)'"))
            }
        }
    }

    @Test("case 7: tst at 1596308460 matches the repository's vectors, ascending keys, float values", arguments: TestBackend.enabled)
    func losAngeles(backend: TestBackend) async throws {
        try await withAPI(backend) { client in
            try await client.putConfig("tst", losAngelesConfig)
            let reply = try await client.send(.get, "/api/events?site=tst&when=1596308460")
            #expect(reply.status == .ok)
            #expect(reply["Content-Type"] == "application/json")
            #expect(reply["Access-Control-Allow-Credentials"] == "true")
            let pairs = try Self.orderedEvents(reply.text)
            let events = Dictionary(uniqueKeysWithValues: pairs)
            #expect(Set(pairs.map(\.0)) == Set(Self.fixedKeys + ["Moon Rise", "Moon Set"]))
            #expect(try reply.json().objectValue?.count == pairs.count)
            #expect(pairs.map(\.1) == pairs.map(\.1).sorted())
            let fiveMinutes = 300.0
            for (key, utc) in [("Sun Set", "2020-08-02T02:56:00Z"), ("Sunrise", "2020-08-02T13:08:00Z"),
                               ("Moon Rise", "2020-08-02T01:53:00Z"), ("Moon Set", "2020-08-02T11:58:00Z")] {
                let error = Self.unixSeconds(events[key]!) - Self.unixSeconds(utc: utc)
                #expect(abs(error) <= fiveMinutes, "\(key) off by \(error) s")
            }
            #expect(abs(events["Sun Set"]! - events["Ops Window Start"]! - 1.0 / 24) < 1e-9)
            #expect(abs(events["Middle of Night"]! - (events["Sun Set"]! + events["Sunrise"]!) / 2) < 1e-9)
        }
    }

    @Test("cases 9-10: no when is now; any when of one window gives identical output", arguments: TestBackend.enabled)
    func windows(backend: TestBackend) async throws {
        try await withAPI(backend) { client in
            try await client.putConfig("tst", losAngelesConfig)
            let before = try await client.send(.get, "/api/events?site=tst&when=\(Date().timeIntervalSince1970)")
            let now = try await client.send(.get, "/api/events?site=tst")
            let after = try await client.send(.get, "/api/events?site=tst&when=\(Date().timeIntervalSince1970)")
            #expect(now.status == .ok)
            #expect(now.text == before.text || now.text == after.text)
            #expect(Set(try Self.orderedEvents(now.text).map(\.0)).isSuperset(of: Self.fixedKeys))

            let first = try await client.send(.get, "/api/events?site=tst&when=1596308460")
            let later = try await client.send(.get, "/api/events?site=tst&when=\(1_596_308_460 + 20 * 3600)")
            #expect(first.status == .ok)
            #expect(later.text == first.text)
            let nextDay = try await client.send(.get, "/api/events?site=tst&when=\(1_596_308_460 + 24 * 3600)")
            #expect(nextDay.text != first.text)
        }
    }

    @Test("case 11 and out-of-range instants: errors, not made-up values", arguments: TestBackend.enabled)
    func computationFailures(backend: TestBackend) async throws {
        try await withAPI(backend) { client in
            try await client.putConfig("oslo", ["latitude": 60, "longitude": 10.75, "elevation": 0, "reference_ambient": [10],
                                                "reference_pressure": [977.83], "TZ_database_name": "Europe/Oslo"])
            try await client.putConfig("tst", losAngelesConfig)
            // 1897-02-11 and 2055-07-24 are outside the ephemeris.
            for path in ["/api/events?site=oslo&when=1718964000", "/api/events?site=tst&when=-2300000000",
                         "/api/events?site=tst&when=2700000000", "/api/events?site=tst&when=1e300", "/api/events?site=tst&when=-1e300"] {
                let reply = try await client.send(.get, path)
                #expect(reply.status == .internalServerError, "\(path)")
                let message = try #require(try reply.json()["error"]?.stringValue)
                #expect(message.hasPrefix("Could not compute site events: "), "\(path): \(message)")
            }
        }
    }

    @Test("the original's whole range: nights from 1899-07-29 to 2053-10-11", arguments: TestBackend.enabled)
    func wholeRange(backend: TestBackend) async throws {
        try await withAPI(backend) { client in
            try await client.putConfig("tst", losAngelesConfig)
            // 1899-07-29, 1900-01-01 and 1970-01-01 at 20:30 UTC, 2053-10-11 at 20:00 UTC.
            for when in ["-2222393400", "-2208915000", "73800", "2643825600"] {
                let reply = try await client.send(.get, "/api/events?site=tst&when=\(when)")
                #expect(reply.status == .ok, "when=\(when)")
                let pairs = try Self.orderedEvents(reply.text)
                #expect(Set(Self.fixedKeys).isSubset(of: pairs.map(\.0)), "when=\(when)")
                #expect(pairs.map(\.1) == pairs.map(\.1).sorted())
            }
        }
    }
}
