import Foundation
import HTTPTypes
import PTRCore
import PTRTesting
import Testing

/// Site configs: api.md §6.13 and acceptance cases 51–54, client-contract §5.1 and §9 items 5–7,
/// sent the way the observatory (raw JSON, no Content-Type, `/api/{site}/config/`) and the UI send them.
@Suite struct SiteConfigTests {
    static let stored: JSONValue = ["ResponseMetadata": ["HTTPStatusCode": 200]]

    @Test("cases 51-53: PUT, GET, all, DELETE", arguments: TestBackend.enabled)
    func acceptance(backend: TestBackend) async throws {
        try await withAPI(backend) { client in
            let put = try await client.send(.put, "/api/zzz/config", body: #"{"latitude": 34.5, "n": 1.0}"#)
            #expect(put.status == .ok)
            #expect(put.text == #"{"ResponseMetadata":{"HTTPStatusCode":200}}"#)
            #expect(put["Content-Type"] == "application/json")
            #expect(try put.json()["message"] == nil)

            let get = try await client.send(.get, "/api/zzz/config")
            #expect(get.status == .ok)
            #expect(get.text == #"{"site":"zzz","configuration":{"latitude":34.5,"n":1}}"#)

            let all = try await client.send(.get, "/api/all/config")
            #expect(all.status == .ok)
            #expect(try all.json()["zzz"] == ["latitude": 34.5, "n": 1])

            let deleted = try await client.send(.delete, "/api/zzz/config")
            #expect(deleted.status == .ok)
            #expect(try deleted.json() == Self.stored)
            let gone = try await client.send(.get, "/api/zzz/config")
            #expect(gone.status == .notFound)
            #expect(gone.text == "No config for site zzz")
            let again = try await client.send(.delete, "/api/zzz/config")
            #expect(again.status == .ok)
            #expect(try again.json() == Self.stored)
            #expect(try await client.send(.get, "/api/all/config").json() == [:])
        }
    }

    @Test("case 54 and other bad bodies: 400, stored record unchanged", arguments: TestBackend.enabled)
    func badBodies(backend: TestBackend) async throws {
        try await withAPI(backend) { client in
            try await client.putConfig("zzz", ["latitude": 34.5])
            for body in ["not json", "", "[1, 2]", #""text""#, "3", "null", #"{"a": 1"#] {
                let reply = try await client.send(.put, "/api/zzz/config", body: body)
                #expect(reply.status == .badRequest, "body \(body)")
                #expect(reply.text == "Request body must be a JSON object: the site configuration")
            }
            let tooLarge = try await client.send(.put, "/api/zzz/config", body: #"{"x": ""# + String(repeating: "a", count: 410_000) + #""}"#)
            #expect(tooLarge.status == .contentTooLarge)
            #expect(try await client.send(.get, "/api/zzz/config").json()["configuration"] == ["latitude": 34.5])
            let tooLongSite = try await client.putConfig(String(repeating: "s", count: 257), ["a": 1])
            #expect(tooLongSite.status == .badRequest)
            #expect(try await client.send(.get, "/api/all/config").json() == ["zzz": ["latitude": 34.5]])
        }
    }

    @Test("observatory: raw PUT to /api/{site}/config/, GET with trailing slash, numbers round-trip", arguments: TestBackend.enabled)
    func observatoryRoundTrip(backend: TestBackend) async throws {
        try await withAPI(backend) { client in
            let body = """
                {"latitude": 34.459375, "longitude": -119.681172, "elevation": 317.75, "reference_ambient": 10,
                 "reference_pressure": 977.83, "TZ_database_name": "America/Los_Angeles", "wema_name": "mrc",
                 "big": 9007199254740993, "negative": -12, "tiny": 1e-7, "integral_float": 20.0, "flag": true, "none": null,
                 "text_number": "1", "unicode": "Caf\\u00e9 \\"quoted\\"",
                 "camera": {"camera_1_1": {"settings": {"bin_modes": [[1, 0.528], [2, 1.056]], "onebyone_pix_scale": 0.528}}},
                 "events": {"Observing Begins": 2461274.6540611302, "day_directory": "20250301", "use_by": 2461275.5}}
                """
            let put = try await client.send(.put, "/api/mrc/config/", body: body)
            #expect(put.status == .ok)
            #expect(try put.json() == Self.stored)

            let expected = try JSONValue.parse(body).objectValue!.merging(["integral_float": 20]) { $1 }
            let get = try await client.send(.get, "/api/mrc/config/")
            #expect(get.status == .ok)
            let configuration = try #require(try get.json()["configuration"])
            #expect(configuration == .object(expected))
            #expect(configuration["latitude"] == .double(34.459375))
            #expect(configuration["big"] == .integer(9_007_199_254_740_993))
            #expect(configuration["text_number"] == "1")
            #expect(configuration["events"]?["Observing Begins"] == .double(2461274.6540611302))
            #expect(get.text.contains(#""integral_float":20,"#))
            #expect(try await client.send(.get, "/api//mrc//config").json() == get.json())
        }
    }

    @Test("PUT replaces wholesale; /all/config maps site to configuration for the UI", arguments: TestBackend.enabled)
    func replaceAndAll(backend: TestBackend) async throws {
        try await withAPI(backend) { client in
            try await client.putConfig("mrc", ["wema_name": "mrc", "latitude": 34.4, "old": "x"])
            try await client.putConfig("mrc", ["wema_name": "mrc", "latitude": 34.5])
            try await client.putConfig("aro", ["wema_name": "aro", "latitude": 35])
            let ui = try await client.sendJSON(.put, "/api/eco/config", ["wema_name": "eco", "instance_type": "wema"])
            #expect(ui.status == .ok)
            #expect(try await client.send(.get, "/api/mrc/config").json()["configuration"] == ["latitude": 34.5, "wema_name": "mrc"])
            let all = try await client.send(.get, "/api/all/config")
            #expect(all.status == .ok)
            #expect(all.text == #"{"aro":{"latitude":35,"wema_name":"aro"},"eco":{"instance_type":"wema","wema_name":"eco"},"mrc":{"latitude":34.5,"wema_name":"mrc"}}"#)
            #expect(all["Access-Control-Allow-Origin"] == "*")
        }
    }

    @Test("site codes are percent-decoded path parameters; 'all' is the literal listing", arguments: TestBackend.enabled)
    func siteNames(backend: TestBackend) async throws {
        try await withAPI(backend) { client in
            #expect(try await client.putConfig("site%20one", ["a": 1]).status == .ok)
            #expect(try await client.send(.get, "/api/site%20one/config").text == #"{"site":"site one","configuration":{"a":1}}"#)
            #expect(try await client.send(.get, "/api/all/config").json() == ["site one": ["a": 1]])
            let putAll = try await client.putConfig("all", ["a": 2])
            #expect(putAll.status == .forbidden)
            #expect(try putAll.json() == ["message": "Missing Authentication Token"])
            #expect(try await client.send(.get, "/api/all/config").json() == ["site one": ["a": 1]])
        }
    }
}
