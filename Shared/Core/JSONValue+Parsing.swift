import Foundation
import OrderedCollections

/// Why a body could not be read as JSON.
public struct JSONParseError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

extension JSONValue {
    /// Parses a complete JSON text (any top-level value); the error is a `JSONParseError`.
    /// (Not declared with typed throws: in release builds Swift 6.3's optimiser crashes splitting
    /// async functions that inline a typed-throws call.)
    public static func parse(_ bytes: some Collection<UInt8>) throws -> JSONValue {
        if let value = try bytes.withContiguousStorageIfAvailable(parse(utf8:)) { return value }
        return try Array(bytes).withUnsafeBufferPointer(parse(utf8:))
    }

    public static func parse(_ text: String) throws -> JSONValue {
        var text = text
        return try text.withUTF8(parse(utf8:))
    }

    private static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) throws -> JSONValue {
        // A NUL byte this early, or a UTF-16 byte order mark, is no UTF-8 JSON text: Foundation
        // took the text for UTF-16 or UTF-32, and still reads it.
        if bytes.prefix(4).contains(0) || bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) {
            do {
                return try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
            } catch let DecodingError.dataCorrupted(context) {
                throw JSONParseError(description: "Malformed JSON: \(context.debugDescription)")
            } catch {
                throw JSONParseError(description: "Malformed JSON: \(error)")
            }
        }
        var reader = JSONReader(bytes)
        return try reader.document()
    }
}

extension JSONValue: Decodable {
    /// For a `JSONValue` inside another `Decodable` type, and for UTF-16 and UTF-32 texts;
    /// `parse` reads UTF-8 itself, several times faster (`JSONBench`): a decoder cannot say what
    /// kind of value comes next, so this tries each in turn, and every failed try throws.
    public init(from decoder: any Decoder) throws {
        // Scalars are tried first, the commonest first.
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
}

struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
