import Foundation
import PTRCore
import PTRHTTP

/// A project's identity: (`project_name`, `created_at`); elsewhere written `"<name>#<created_at>"`.
struct ProjectKey: Sendable, Hashable {
    let name: String
    let createdAt: String

    var projectID: String { "\(name)#\(createdAt)" }

    /// A calendar-style id split at its **first** `#` (as delete-scheduler-projects does); nil
    /// without `#` or with an empty half.
    init?(projectID: String) {
        guard let hash = projectID.firstIndex(of: "#") else { return nil }
        let name = String(projectID[..<hash]), createdAt = String(projectID[projectID.index(after: hash)...])
        guard !name.isEmpty, !createdAt.isEmpty else { return nil }
        self.init(name: name, createdAt: createdAt)
    }

    init(name: String, createdAt: String) {
        self.name = name
        self.createdAt = createdAt
    }
}

/// A whole project document ready to store, with the copies of its key fields the store indexes.
struct ProjectDocument: Sendable {
    /// The original's limits were DynamoDB's: a 400 KB item and its key sizes (spec §5.3).
    static let maximumBytes = 400 * 1024
    static let keyLimits = [("project_name", 2048), ("created_at", 1024), ("user_id", 2048)]

    let key: ProjectKey
    let userID: String
    let origin: String?
    let text: String

    /// Checks what storing needs: `project_name`, `user_id`, `created_at` present (in that order),
    /// then each a non-empty string within its size limit, and the whole text within 400 KB.
    init(validating document: JSONObject) throws {
        for field in ["project_name", "user_id", "created_at"] where document[field] == nil {
            throw HTTPFailure.badRequest("Error: missing required key \(field)")
        }
        var values: [String: String] = [:]
        for (field, limit) in Self.keyLimits {
            guard let value = document[field]?.stringValue, !value.isEmpty, !value.contains("\0") else {
                throw HTTPFailure.badRequest("Error: \(field) must be a non-empty string")
            }
            guard value.utf8.count <= limit else { throw HTTPFailure.badRequest("Error: \(field) is too long") }
            values[field] = value
        }
        key = ProjectKey(name: values["project_name"]!, createdAt: values["created_at"]!)
        userID = values["user_id"]!
        origin = document["origin"]?.stringValue
        text = JSONValue.object(document).jsonText
        guard text.utf8.count <= Self.maximumBytes else { throw ProjectRequest.tooLarge }
    }
}
