import Hummingbird
import PTRCore
import PTRHTTP

/// A request body read the way spec/projects.md §3.0 asks: the original `json.loads`-ed the raw
/// body, so a missing or unparsable body is an error here (400), unlike the shared `{}` rule.
struct ProjectRequest: Sendable {
    /// DynamoDB's item limit, the original's effective body limit (spec §5.3), and its nesting.
    static let bodyRules = JSONBodyRules(limit: 400 * 1024, tooLargeText: "Error: request body too large",
                                         notAnObjectText: "Error: request body must be a JSON object")
        .nested(atMost: 32, text: "Error: request body is nested too deeply")
        // An integral number beyond 64 bits would come back with other digits (the original kept
        // up to 38 exactly); spec §2.3 allows refusing it.
        .exactIntegers(text: "Error: request body has an integer too large to store exactly")
    static let tooLarge = HTTPFailure(.contentTooLarge, text: bodyRules.tooLargeText)

    let body: JSONObject

    init(_ request: Request) async throws {
        body = try await request.jsonObject(Self.bodyRules)
    }

    /// Fails with `Error: missing required key {key}` for the first of `keys` the body lacks.
    func require(_ keys: String...) throws {
        for key in keys where body[key] == nil {
            throw HTTPFailure.badRequest("Error: missing required key \(key)")
        }
    }

    /// A key naming an existing project: any string (an empty one simply matches nothing).
    func lookupString(_ key: String) throws -> String {
        try require(key)
        guard let text = body[key]?.stringValue else { throw HTTPFailure.badRequest("Error: \(key) must be a string") }
        // No stored key holds NUL, and PostgreSQL refuses it in a text parameter.
        guard !text.contains("\0") else { throw HTTPFailure.badRequest("Error: \(key) must not contain NUL characters") }
        return text
    }

    /// The (`project_name`, `created_at`) a lookup names, checked in that order.
    func projectKey() throws -> ProjectKey {
        try require("project_name", "created_at")
        return ProjectKey(name: try lookupString("project_name"), createdAt: try lookupString("created_at"))
    }
}
