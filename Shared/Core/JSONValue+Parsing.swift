import Foundation
import OrderedCollections

/// Why a body could not be read as JSON.
public struct JSONParseError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

extension JSONValue: Decodable {
    /// Decoding goes through Foundation's `JSONDecoder` (strict RFC 8259 parsing, UTF-8 validation,
    /// nesting limits); this only maps its containers onto the cases above.
    public init(from decoder: any Decoder) throws {
        // Scalars are tried first, the commonest first: each failed attempt costs a thrown error.
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let string = try? single.decode(String.self) {
            self = .string(string)
        } else if let bool = try? single.decode(Bool.self) {
            self = .bool(bool)
        } else if let integer = try? single.decode(Int64.self) {
            self = .integer(integer)
        } else if let double = try? single.decode(Double.self) {
            self = .number(double)
        } else if var array = try? decoder.unkeyedContainer() {
            var result: [JSONValue] = []
            while !array.isAtEnd { result.append(try array.decode(JSONValue.self)) }
            self = .array(result)
        } else {
            // The decoder does not report keys in document order, so sort them: stored documents
            // then read back the same way every time.
            let object = try decoder.container(keyedBy: AnyCodingKey.self)
            var result = JSONObject()
            for key in object.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
                result[key.stringValue] = try object.decode(JSONValue.self, forKey: key)
            }
            self = .object(result)
        }
    }

    /// Parses a complete JSON text (any top-level value); the error is a `JSONParseError`.
    /// (Not declared with typed throws: in release builds Swift 6.3's optimiser crashes splitting
    /// async functions that inline a typed-throws call.)
    public static func parse(_ bytes: some Collection<UInt8>) throws -> JSONValue {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        } catch let DecodingError.dataCorrupted(context) {
            throw JSONParseError(description: "Malformed JSON: \(context.debugDescription)")
        } catch {
            throw JSONParseError(description: "Malformed JSON: \(error)")
        }
    }

    public static func parse(_ text: String) throws -> JSONValue {
        try parse(Array(text.utf8))
    }
}

struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
