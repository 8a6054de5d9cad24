import Foundation
import HummingbirdTesting
import PTRCore
import PTRTesting
import Testing

@testable import Projects

/// Numbers and types as spec/projects.md §2.3 requires, checked the way the observatory reads
/// them (Python's `json.loads` types, then `validate_project_format`).
@Suite struct ProjectsFidelityTests {
    static let created = "2025-03-01T00:00:00Z"

    @Test("10 number rule: integral numbers out as integers, others shortest float, strings kept", arguments: TestBackend.enabled)
    func numberRule(backend: TestBackend) async throws {
        try await withProjects(backend) { harness in
            let constraints = #"{"a": 1.0, "b": 2.50, "c": 3, "d": "4", "e": 1e2, "f": -0.0, "g": 0.1, "h": 1.5e-5, "i": true, "j": null, "k": "", "l": [1.0, "1.0"], "m": 0.12345678901234567890, "n": 1e-7}"#
            let body = #"{"project_name":"n","created_at":"\#(Self.created)","user_id":"u","project_constraints":\#(constraints)}"#
            #expect(try await harness.client.obs("new-project", body).status == .ok)
            let reply = try await harness.client.project("n", Self.created)
            #expect(try reply.json()["project_constraints"] == [
                "a": 1, "b": 2.5, "c": 3, "d": "4", "e": 100, "f": 0, "g": 0.1, "h": 1.5e-05, "i": true, "j": nil, "k": "", "l": [1, "1.0"],
                "m": 0.12345678901234568, "n": 1e-07,
            ])
            for token in [#""a":1,"#, #""e":100,"#, #""f":0,"#, #""b":2.5,"#, #""h":1.5e-05,"#, #""l":[1,"1.0"]"#, #""m":0.12345678901234568,"#, #""n":1e-07"#] {
                #expect(reply.text.contains(token), "\(token) in \(reply.text)")
            }
            let python = try PythonValue.loads(reply.text)
            guard case .dict(let project) = python, case .dict(let values)? = project["project_constraints"] else { Issue.record("not a dict"); return }
            #expect(values["a"] == .int("1"))
            #expect(values["e"] == .int("100"))
            #expect(values["f"] == .int("0"))
            #expect(values["d"] == .str("4"))
        }
    }

    /// The UI's own documents fail the validator in the UI's own ways (string `angle`, no offsets,
    /// string ra/dec); the server must neither add nor remove a problem.
    @Test("UI-made projects: the observatory sees exactly the types the UI sent", arguments: TestBackend.enabled)
    func uiProjectsKeepTheirTypes(backend: TestBackend) async throws {
        try await withProjects(backend) { harness in
            var edited = uiProject("edited", Self.created, "u").objectValue!
            edited["exposures"] = [["count": "3", "imtype": "light", "exposure": 30, "filter": "Lum", "zoom": "Full", "angle": "0.0"]]
            edited["project_constraints"]?.objectValueSet("max_airmass", "2.00")
            for document in [uiProject("plain", Self.created, "u"), .object(edited)] {
                #expect(try await harness.client.ui("new-project", document).status == .ok)
                let name = document["project_name"]!.stringValue!
                let returned = try await harness.client.project(name, Self.created).text
                #expect(try ObservatoryValidator.problems(returned) == ObservatoryValidator.problems(document.jsonText))
                #expect(try ObservatoryValidator.problems(returned).contains("exposures[0].angle wrong type"))
                #expect(try JSONValue.parse(returned).sameValue(as: document))
            }
        }
    }

    /// A project filled in with numbers, as the UI sends them when its fields are numeric (JS
    /// writes `2`, never `2.0`) and as the LCO import built them (float ra, float exposures,
    /// offsets, `remaining` integers, a JSON-string `full_lco_observation`), including `.0` floats.
    @Test("numeric UI and LCO-import projects pass the observatory's validation after get-project", arguments: TestBackend.enabled)
    func conformantProjectsPass(backend: TestBackend) async throws {
        try await withProjects(backend) { harness in
            var numeric = uiProject("numeric", Self.created, "u").objectValue!
            numeric["project_targets"] = [["name": "M 42", "ra": 5.5881, "dec": -5.3911]]
            numeric["exposures"] = [["count": 3, "imtype": "light", "exposure": 30, "repeat": 0, "filter": "Lum", "zoom": "Full",
                                     "bin": "optimal", "width": 0, "height": 0, "angle": 0, "offset_ra": 0, "offset_dec": 0]]
            let lco = """
                {"project_name": "LCO 1", "created_at": "\(Self.created)", "user_id": "lco", "origin": "LCO", "project_id": "LCO 1#\(Self.created)",
                 "full_lco_observation": "{\\"id\\": 12, \\"state\\": \\"PENDING\\"}", "project_note": "", "project_priority": "standard",
                 "project_creator": {"username": "lco", "user_id": "lco"}, "project_constraints": {"smart_stack": false, "sub_stack": false},
                 "project_targets": [{"name": "NGC 1", "ra": 0.12183333333333334, "dec": 27.708}], "project_sites": ["mrc1"],
                 "exposures": [{"count": 2.0, "imtype": "light", "exposure": 30.0, "filter": "rp", "zoom": "Full", "angle": 0.0,
                                "offset_ra": 0.0, "offset_dec": 1.5, "repeat": 1, "width": 0, "height": 0}],
                 "remaining": [2], "project_data": [[]], "scheduled_with_events": [],
                 "start_date": "2025-03-01T04:00:00+00:00", "expiry_date": "2025-03-08T04:00:00+00:00"}
                """
            #expect(try await harness.client.ui("new-project", .object(numeric)).status == .ok)
            #expect(try await harness.client.obs("new-project", lco).status == .ok)
            for (name, sent) in [("numeric", JSONValue.object(numeric).jsonText), ("LCO 1", lco)] {
                let returned = try await harness.client.project(name, Self.created).text
                #expect(try ObservatoryValidator.problems(returned) == [], "\(name): \(returned)")
                #expect(try JSONValue.parse(returned) == JSONValue.parse(sent), "every key kept")
            }
            let lcoBack = try await harness.client.project("LCO 1", Self.created)
            #expect(lcoBack.text.contains(#""count":2,"#))
            #expect(lcoBack.text.contains(#""full_lco_observation":"{\"id\": 12, \"state\": \"PENDING\"}""#))
            #expect(try lcoBack.json()["project_targets"]?.arrayValue?.first?["ra"] == 0.12183333333333334)
        }
    }
}

extension JSONValue {
    /// Sets `key` on an object value (test convenience).
    fileprivate mutating func objectValueSet(_ key: String, _ value: JSONValue) {
        guard case .object(var object) = self else { return }
        object[key] = value
        self = .object(object)
    }
}
