import Foundation
import Hummingbird
import PTRCore
import PTRHTTP

/// Reading and checking request bodies with the texts of spec/calendar.md §3 and the limits of §6.3.
enum CalendarInput {
    /// DynamoDB's item limit bounded the original's bodies (400 KiB), and its nesting (32 levels,
    /// the body object's own included); missing, unparsable or non-object bodies are refused.
    static let bodyRules = JSONBodyRules(limit: 400 * 1024, tooLargeText: "Error: request body too large",
                                         notAnObjectText: "Error: request body must be a JSON object")
        .nested(atMost: 31, text: "Error: JSON nesting is deeper than 32 levels")
    static let maximumEvents = 1000
    /// Partition-key limit (ids, sites, creators) and sort-key limit (times), in UTF-8 bytes.
    static let maximumIDBytes = 2048
    static let maximumTimeBytes = 1024

    static func body(of request: Request) async throws -> JSONObject {
        try await request.jsonObject(bodyRules)
    }

    /// The first of `keys` absent from `object` answers `Error: missing required key {key}`.
    static func require(_ keys: [String], in object: JSONObject) throws {
        if let missing = keys.first(where: { object[$0] == nil }) {
            throw HTTPFailure.badRequest("Error: missing required key \(missing)")
        }
    }

    enum Kind {
        /// Event ids, sites, creator and user ids: keys of the original's tables.
        case identifier
        /// `start`, `end`, `time`: opaque strings compared byte-wise, never parsed (§3.0).
        case time

        var maximumBytes: Int { self == .identifier ? CalendarInput.maximumIDBytes : CalendarInput.maximumTimeBytes }
    }

    /// A present value that must be a non-empty string within the limits of its kind.
    static func string(_ key: String, in object: JSONObject, _ kind: Kind) throws -> String {
        guard let text = object[key]?.stringValue, !text.isEmpty else {
            throw HTTPFailure.badRequest("Error: \(key) must be a non-empty string")
        }
        try check(text, key: key, kind)
        return text
    }

    static func check(_ text: String, key: String, _ kind: Kind) throws {
        guard text.utf8.count <= kind.maximumBytes else {
            throw HTTPFailure.badRequest("Error: \(key) must be at most \(kind.maximumBytes) bytes")
        }
        if kind == .identifier, text.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) {
            throw HTTPFailure.badRequest("Error: \(key) must not contain control characters")
        }
    }

    /// `require` then `string` for each key, in order (the usual shape of the read routes).
    static func strings(_ keys: [(String, Kind)], in object: JSONObject) throws -> [String] {
        try require(keys.map(\.0), in: object)
        return try keys.map { try string($0.0, in: object, $0.1) }
    }

    /// The `events` array of the project routes.
    static func events(in object: JSONObject) throws -> [JSONValue] {
        try require(["events"], in: object)
        guard let events = object["events"]?.arrayValue else { throw HTTPFailure.badRequest("Error: events must be an array") }
        guard events.count <= maximumEvents else {
            throw HTTPFailure.badRequest("Error: events must have at most \(maximumEvents) elements")
        }
        return events
    }
}
