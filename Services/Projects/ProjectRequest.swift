import Hummingbird
import PTRCore
import PTRHTTP

/// A request body read the way spec/projects.md §3.0 asks: the original `json.loads`-ed the raw
/// body, so a missing or unparsable body is an error here (400), unlike the shared `{}` rule.
struct ProjectRequest: Sendable {
    /// DynamoDB's item limit, the original's effective body limit (spec §5.3).
    static let bodyLimit = 400 * 1024
    static let maximumDepth = 32
    static let tooLarge = HTTPFailure(.contentTooLarge, text: "Error: request body too large")

    let body: JSONObject

    init(_ request: Request) async throws {
        let bytes: [UInt8]
        do {
            bytes = Array(try await request.bodyBytes(limit: Self.bodyLimit).readableBytesView)
        } catch let failure as HTTPFailure where failure.status == .contentTooLarge {
            throw Self.tooLarge
        }
        guard let value = try? JSONValue.parse(bytes), case .object(let object) = value else {
            throw HTTPFailure.badRequest("Error: request body must be a JSON object")
        }
        guard Self.depth(of: value) - 1 <= Self.maximumDepth else {
            throw HTTPFailure.badRequest("Error: request body is nested too deeply")
        }
        guard !Self.hasInexactInteger(value) else {
            throw HTTPFailure.badRequest("Error: request body has an integer too large to store exactly")
        }
        body = object
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

    /// An integral number beyond 64 bits parses as a double and would come back with other digits
    /// (the original kept up to 38 exactly); spec §2.3 allows refusing it.
    private static func hasInexactInteger(_ value: JSONValue) -> Bool {
        switch value {
        case .double(let number): number.rounded(.towardZero) == number
        case .array(let values): values.contains(where: hasInexactInteger)
        case .object(let object): object.values.contains(where: hasInexactInteger)
        default: false
        }
    }

    /// Levels of arrays and objects inside the body object (DynamoDB allowed 32).
    private static func depth(of value: JSONValue) -> Int {
        switch value {
        case .array(let values): 1 + (values.map(depth(of:)).max() ?? 0)
        case .object(let object): 1 + (object.values.map(depth(of:)).max() ?? 0)
        default: 0
        }
    }
}
