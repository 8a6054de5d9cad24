import Foundation
import OrderedCollections

/// A JSON object whose keys keep the order in which they were set.
public typealias JSONObject = OrderedDictionary<String, JSONValue>

/// The one JSON value type every service stores and answers with.
///
/// Numbers follow the original backend's rule (DynamoDB `Decimal` + `DecimalEncoder`): a number with
/// no fractional part is written as an integer (`20.0` in, `20` out) and any other number as the
/// shortest float that reads back the same (`2.5` stays `2.5`). Strings are never turned into numbers.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case integer(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// A number, stored as an integer when it is integral and fits, so equality is by value.
    public static func number(_ value: Double) -> JSONValue {
        if value.rounded(.towardZero) == value, abs(value) < 9.2e18 {
            return .integer(Int64(value))
        }
        return .double(value)
    }
}

// MARK: - Reading values

extension JSONValue {
    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    public var objectValue: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let array) = self { return array }
        return nil
    }

    public var stringValue: String? {
        if case .string(let string) = self { return string }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let bool) = self { return bool }
        return nil
    }

    /// The value as a Double when it is a JSON number.
    public var doubleValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }

    /// The value as an integer when it is a JSON number with no fractional part.
    public var integerValue: Int64? {
        switch self {
        case .integer(let value): value
        default: nil
        }
    }

    public var isNull: Bool { self == .null }

    /// Python truthiness, which the original handlers used for "required" keys:
    /// `null`, `false`, `0`, `""`, `[]` and `{}` are all "missing".
    public var isTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let value): value
        case .integer(let value): value != 0
        case .double(let value): value != 0
        case .string(let value): !value.isEmpty
        case .array(let value): !value.isEmpty
        case .object(let value): !value.isEmpty
        }
    }

    /// The text the original used when it put a value into a key (`str()` of a string or number).
    public var keyText: String? {
        switch self {
        case .string(let value): value
        case .integer(let value): String(value)
        case .double(let value): String(value)
        default: nil
        }
    }
}

// MARK: - Literals

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(nilLiteral: ()) { self = .null }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements, uniquingKeysWith: { _, last in last }))
    }
}
