import Hummingbird
import NIOCore
import PTRCore

/// How a route reads its JSON body: the cap and the texts its spec fixes. Every service states its
/// rules once; `Request.jsonObject(_:)` applies them. The body is parsed whatever the Content-Type
/// (the observatory sends none).
public struct JSONBodyRules: Sendable {
    /// The largest body accepted; a larger one answers 413 with `tooLargeText`.
    public var limit: Int
    public var tooLargeText: String
    /// The 400 text for a body that is not a JSON object.
    public var notAnObjectText: String
    /// When true, a missing or unparsable body reads as `{}`, as the original handlers read it
    /// (a valid JSON value that is not an object is still refused: it crashed the original).
    public var readsNothingAsEmptyObject = false
    /// At most this many levels of arrays and objects inside the body object (DynamoDB allowed 32);
    /// deeper answers 400 with `nestingText`. Nil: no limit.
    public var maximumNesting: Int?
    public var nestingText = ""
    /// When set, a body with an integral number too large to keep exactly (it parses as a double
    /// and would come back with other digits) answers 400 with this text.
    public var inexactIntegerText: String?

    public init(limit: Int, tooLargeText: String, notAnObjectText: String) {
        self.limit = limit
        self.tooLargeText = tooLargeText
        self.notAnObjectText = notAnObjectText
    }

    /// The shared rule of routes whose spec says no more: a missing or unparsable body is `{}`.
    public static func lenient(limit: Int) -> JSONBodyRules {
        var rules = JSONBodyRules(limit: limit, tooLargeText: "Request body is larger than \(limit) bytes",
                                  notAnObjectText: "Request body must be a JSON object")
        rules.readsNothingAsEmptyObject = true
        return rules
    }

    /// The same rules with nesting limited to `levels` inside the body object.
    public func nested(atMost levels: Int, text: String) -> JSONBodyRules {
        var rules = self
        rules.maximumNesting = levels
        rules.nestingText = text
        return rules
    }

    /// The same rules, refusing integers that cannot be kept exactly with `text`.
    public func exactIntegers(text: String) -> JSONBodyRules {
        var rules = self
        rules.inexactIntegerText = text
        return rules
    }

    func object(from bytes: ByteBuffer) throws -> JSONObject {
        guard bytes.readableBytes > 0, let value = try? JSONValue.parse(bytes.readableBytesView) else {
            if readsNothingAsEmptyObject { return [:] }
            throw HTTPFailure.badRequest(notAnObjectText)
        }
        guard case .object(let object) = value else { throw HTTPFailure.badRequest(notAnObjectText) }
        if let maximumNesting, value.nesting - 1 > maximumNesting {
            throw HTTPFailure.badRequest(nestingText)
        }
        if let inexactIntegerText, value.hasInexactInteger {
            throw HTTPFailure.badRequest(inexactIntegerText)
        }
        return object
    }
}

extension Request {
    /// The body read as a JSON object by `rules`.
    public func jsonObject(_ rules: JSONBodyRules) async throws -> JSONObject {
        var request = self
        return try await request.collectJSONObject(rules)
    }

    /// As `jsonObject(_:)`, keeping the bytes read in this request, so that the rest of its
    /// connection's stream can still be watched (a long poll notices its client hanging up that way).
    public mutating func collectJSONObject(_ rules: JSONBodyRules) async throws -> JSONObject {
        let bytes: ByteBuffer
        do {
            bytes = try await collectBody(upTo: rules.limit)
        } catch is NIOTooManyBytesError {
            throw HTTPFailure(.contentTooLarge, text: rules.tooLargeText)
        }
        return try rules.object(from: bytes)
    }
}

extension JSONValue {
    /// Levels of arrays and objects, this value's included (a scalar has none).
    var nesting: Int {
        switch self {
        case .array(let values): 1 + (values.map(\.nesting).max() ?? 0)
        case .object(let object): 1 + (object.values.map(\.nesting).max() ?? 0)
        default: 0
        }
    }

    /// True when an integral number somewhere in the value parsed as a double: beyond 64 bits.
    var hasInexactInteger: Bool {
        switch self {
        case .double(let number): number.rounded(.towardZero) == number
        case .array(let values): values.contains(where: \.hasInexactInteger)
        case .object(let object): object.values.contains(where: \.hasInexactInteger)
        default: false
        }
    }
}
