import PTRCore
import PTRHTTP

/// What modify-project may change (spec/projects.md §3.5): exactly these keys of `project_changes`,
/// every other stored key kept (identity, owner, origin, top-level dates, extra keys).
struct ProjectChanges: Sendable {
    static let replacedKeys = ["project_constraints", "project_name", "project_note", "project_targets", "project_sites",
                               "scheduled_with_events", "project_priority", "exposures"]

    let values: JSONObject
    let exposures: [JSONValue]

    /// Checks the required keys in the spec's order, then the two whose shape the server relies on.
    init(validating changes: JSONObject) throws {
        for key in Self.replacedKeys where changes[key] == nil {
            throw HTTPFailure.badRequest("Error: missing required key project_changes.\(key)")
        }
        guard let exposures = changes["exposures"]?.arrayValue,
              exposures.allSatisfy({ $0.objectValue?["count"] != nil }) else {
            throw HTTPFailure.badRequest("Error: project_changes.exposures is invalid")
        }
        guard let name = changes["project_name"]?.stringValue, !name.isEmpty, !name.contains("\0") else {
            throw HTTPFailure.badRequest("Error: project_changes.project_name must be a non-empty string")
        }
        values = changes.filter { Self.replacedKeys.contains($0.key) }
        self.exposures = exposures
    }

    /// The stored document with the changes applied and progress carried over (spec §3.5 step 3):
    /// a new exposure equal to an old one (first match, deep equality, numbers by value) keeps
    /// that one's `project_data` and `remaining`; any other starts afresh from its own `count`.
    func applied(to stored: JSONObject) -> JSONObject {
        var document = stored
        for (key, value) in values { document[key] = value }
        let oldExposures = stored["exposures"]?.arrayValue ?? []
        let oldData = stored["project_data"]?.arrayValue ?? [], oldRemaining = stored["remaining"]?.arrayValue ?? []
        var data: [JSONValue] = [], remaining: [JSONValue] = []
        for exposure in exposures {
            if let match = oldExposures.firstIndex(where: { $0.sameValue(as: exposure) }), match < oldData.count, match < oldRemaining.count {
                data.append(oldData[match])
                remaining.append(oldRemaining[match])
            } else {
                data.append([])
                remaining.append(exposure["count"] ?? .null)
            }
        }
        document["project_data"] = .array(data)
        document["remaining"] = .array(remaining)
        return document
    }
}

extension JSONValue {
    /// JSON equality ignoring object key order. Numbers are already by value: integral numbers
    /// are always `.integer`, so `1` and `1.0` are the same case.
    func sameValue(as other: JSONValue) -> Bool {
        switch (self, other) {
        case (.array(let left), .array(let right)):
            return left.count == right.count && zip(left, right).allSatisfy { $0.sameValue(as: $1) }
        case (.object(let left), .object(let right)):
            return left.count == right.count && left.allSatisfy { key, value in right[key].map { value.sameValue(as: $0) } ?? false }
        default:
            return self == other
        }
    }
}
