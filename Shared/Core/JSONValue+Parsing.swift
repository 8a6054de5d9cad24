import Foundation
import OrderedCollections

/// Why a body could not be read as JSON.
public struct JSONParseError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

extension JSONValue {
    /// Parses a complete JSON text (any top-level value); the error is a `JSONParseError`.
    ///
    /// Foundation's `JSONSerialization` reads the text (RFC 8259, UTF-8/16/32, one trailing comma,
    /// 512 levels); its objects then become a `JSONValue` in one pass, by the rules of this type:
    /// keys sorted as Swift strings compare, integers stay integers and booleans booleans, integral
    /// decimals become integers.
    /// (Not declared with typed throws: in release builds Swift 6.3's optimiser crashes splitting
    /// async functions that inline a typed-throws call.)
    public static func parse(_ bytes: some Collection<UInt8>) throws -> JSONValue {
        try parse(Data(bytes))
    }

    public static func parse(_ text: String) throws -> JSONValue {
        try parse(Data(text.utf8))
    }

    public static func parse(_ data: Data) throws -> JSONValue {
        if containsByteOrderMark(afterStartOf: data) {
            // JSONSerialization drops a raw U+FEFF that begins a run of a string's characters
            // (`"\u{FEFF}x"` reads as "x"); JSONDecoder keeps it, as it always did.
            return try decode(data)
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            let reason = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
            throw JSONParseError(description: "Malformed JSON: \(reason ?? "\(error)")")
        }
        return JSONValue(foundationObject: object)
    }

    /// Whether the UTF-8 of U+FEFF (EF BB BF) occurs past the first byte: a byte order mark at the
    /// start is no character, and JSONSerialization skips it as JSONDecoder did.
    private static func containsByteOrderMark(afterStartOf data: Data) -> Bool {
        data.withUnsafeBytes { bytes in
            guard bytes.count >= 4 else { return false }
            var index = 1
            while index < bytes.count - 2 {
                guard let found = memchr(bytes.baseAddress! + index, 0xEF, bytes.count - 2 - index) else { return false }
                index = bytes.baseAddress!.distance(to: UnsafeRawPointer(found))
                if bytes[index + 1] == 0xBB, bytes[index + 2] == 0xBF { return true }
                index += 1
            }
            return false
        }
    }

    /// Through JSONDecoder and `JSONValue: Decodable`, as every text was read before.
    private static func decode(_ data: Data) throws -> JSONValue {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            throw JSONParseError(description: "Malformed JSON: \(context.debugDescription)")
        } catch {
            throw JSONParseError(description: "Malformed JSON: \(error)")
        }
    }

    /// The value of what `JSONSerialization` read: `String`, `[String: Any]`, `[Any]`, `NSNumber`
    /// (booleans too) or `NSNull`. The kind is told by the exact type first: a failed `as?` cast to
    /// a type that bridges (String, Dictionary, Array) from a class, or the other way, looks for a
    /// bridge and costs more than the rest of the conversion.
    private init(foundationObject object: Any) {
        let kind = type(of: object)
        if kind == String.self {
            self = .string(object as! String)
        } else if kind == [String: Any].self {
            self = JSONValue(members: object as! [String: Any])
        } else if kind == [Any].self {
            self = .array((object as! [Any]).map(JSONValue.init(foundationObject:)))
        } else if let number = object as? NSNumber {
            self = JSONValue(number: number)
        } else if let string = object as? String {
            self = .string(string)
        } else if let dictionary = object as? [String: Any] {
            self = JSONValue(members: dictionary)
        } else if let array = object as? [Any] {
            self = .array(array.map(JSONValue.init(foundationObject:)))
        } else {
            // NSNull; JSONSerialization gives nothing else.
            self = .null
        }
    }

    /// An object, its keys sorted: stored documents then read back the same way every time.
    private init(members dictionary: [String: Any]) {
        var members: [(key: String, value: JSONValue)] = []
        members.reserveCapacity(dictionary.count)
        for (key, value) in dictionary {
            members.append((key, JSONValue(foundationObject: value)))
        }
        members.sort { $0.key < $1.key }
        self = .object(JSONObject(uncheckedUniqueKeys: members.lazy.map(\.key), values: members.lazy.map(\.value)))
    }

    /// `JSONSerialization` reads `true` and `false` as its two boolean NSNumbers (a class of their
    /// own), an integer text within 64 bits as an integer NSNumber, a number text longer than 17
    /// characters before its exponent as an `NSDecimalNumber` (every digit, up to 38), and any other
    /// number as a Double.
    private static let booleanClass = ObjectIdentifier(type(of: NSNumber(value: true)))

    private init(number: NSNumber) {
        if ObjectIdentifier(type(of: number)) == Self.booleanClass {
            self = .bool(number.boolValue)
        } else if let decimal = number as? NSDecimalNumber {
            self = JSONValue(decimal: decimal.decimalValue)
        } else {
            switch UInt8(bitPattern: number.objCType.pointee) {
            case UInt8(ascii: "d"), UInt8(ascii: "f"): self = JSONValue(double: number.doubleValue)
            // Above Int64.max: the nearest Double, as for any other integer out of range.
            case UInt8(ascii: "Q"): self = .double(Double(number.uint64Value))
            default: self = .integer(number.int64Value)
            }
        }
    }

    /// A Double is an integer when it is one that Int64 holds (`20.0`, `1e3`, `-0.0`).
    private init(double: Double) {
        if let integer = Int64(exactly: double) {
            self = .integer(integer)
        } else {
            self = .double(double)
        }
    }

    /// A long number: integral decimals become integers as JSONDecoder made them. Below 2^53 the
    /// Double decides; above, where a Double is not exact, the whole part of the decimal's own value,
    /// unless its significand takes more than 64 bits (then the Double's value again).
    private init(decimal: Decimal) {
        // Every digit the decimal holds, so Double reads it as it reads the text.
        let text = decimal.description
        guard let double = Double(text), double.isFinite else {
            self = .number(NSDecimalNumber(decimal: decimal).doubleValue)
            return
        }
        if decimal == Self.int64Min {
            // "-9223372036854775808" itself: JSONDecoder read a text in Int64's range as that integer.
            self = .integer(.min)
        } else if Int64(exactly: double) == nil || double.magnitude < 0x1p53 {
            self = JSONValue(double: double)
        } else if UInt64(decimal.significand.description) != nil,
            let integer = Int64(text.prefix { $0 != "." })
        {
            self = .integer(integer)
        } else {
            self = .number(double)
        }
    }

    private static let int64Min = Decimal(Int64.min)
}

extension JSONValue: Decodable {
    /// For a `JSONValue` inside another `Decodable` type (only tests and `JSONBench` decode one so),
    /// and for `parse` of the rare text with a U+FEFF past its start. A decoder cannot say what kind
    /// of value comes next, so this tries each in turn, the commonest first, and every failed try throws.
    public init(from decoder: any Decoder) throws {
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
