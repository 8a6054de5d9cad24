import OrderedCollections

/// Reads a JSON text from its UTF-8 bytes straight into a `JSONValue`. Strict RFC 8259 (no comments,
/// `NaN` or leading zeros, no raw control characters in strings, UTF-8 validated) except where
/// Foundation's `JSONDecoder`, which read every body and stored document before, let more through:
/// it reads what that read, as that read it. So one comma before a closing bracket and a leading
/// byte order mark are allowed, nesting goes 512 levels deep, object keys come out sorted with the
/// first of duplicate keys kept, and numbers follow `readNumber`.
struct JSONReader {
    private static let maximumDepth = 512

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
    }

    /// The one value of the whole text.
    mutating func document() throws -> JSONValue {
        let value = try readValue()
        skipWhitespace()
        guard index == bytes.count else { throw failure("text after the value") }
        return value
    }

    private mutating func readValue() throws -> JSONValue {
        skipWhitespace()
        guard let byte = peek() else { throw failure("unexpected end of text") }
        switch byte {
        case UInt8(ascii: "{"): return try readObject()
        case UInt8(ascii: "["): return try readArray()
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"): return try readLiteral("true", .bool(true))
        case UInt8(ascii: "f"): return try readLiteral("false", .bool(false))
        case UInt8(ascii: "n"): return try readLiteral("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try readNumber()
        default: throw failure("unexpected character")
        }
    }

    private mutating func readLiteral(_ word: StaticString, _ value: JSONValue) throws -> JSONValue {
        let word = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard bytes[index...].starts(with: word) else { throw failure("invalid literal") }
        index += word.count
        return value
    }

    private mutating func readArray() throws -> JSONValue {
        try enterContainer()
        var values: [JSONValue] = []
        while try hasElement(closedBy: UInt8(ascii: "]"), isFirst: values.isEmpty) {
            values.append(try readValue())
        }
        depth -= 1
        return .array(values)
    }

    private mutating func readObject() throws -> JSONValue {
        try enterContainer()
        var members: [(String, JSONValue)] = []
        while try hasElement(closedBy: UInt8(ascii: "}"), isFirst: members.isEmpty) {
            guard peek() == UInt8(ascii: "\"") else { throw failure("expected a key") }
            let key = try readString()
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else { throw failure("expected ':'") }
            index += 1
            members.append((key, try readValue()))
        }
        depth -= 1
        // Foundation's decoder gave no document order, so stored documents were written with their
        // keys sorted, and a document must read the same whoever wrote it. The sort is stable: of
        // duplicate keys, now side by side, the first written comes first, and is the one kept.
        members.sort { $0.0 < $1.0 }
        var keys: [String] = [], values: [JSONValue] = []
        keys.reserveCapacity(members.count)
        values.reserveCapacity(members.count)
        for (key, value) in members where key != keys.last {
            keys.append(key)
            values.append(value)
        }
        return .object(JSONObject(uncheckedUniqueKeys: keys, values: values))
    }

    private mutating func enterContainer() throws {
        index += 1
        depth += 1
        guard depth <= Self.maximumDepth else { throw failure("nested deeper than \(Self.maximumDepth) levels") }
    }

    /// Whether an element follows, after the opening bracket (`isFirst`) or an element; steps over
    /// the comma or the closing bracket. A comma right before the bracket is allowed, as Foundation did.
    private mutating func hasElement(closedBy closing: UInt8, isFirst: Bool) throws -> Bool {
        skipWhitespace()
        if !isFirst {
            switch peek() {
            case UInt8(ascii: ","): index += 1
            case closing: index += 1; return false
            default: throw failure("expected ',' or '\(Character(Unicode.Scalar(closing)))'")
            }
            skipWhitespace()
        }
        guard peek() == closing else { return true }
        index += 1
        return false
    }

    // MARK: Strings

    private mutating func readString() throws -> String {
        index += 1
        let start = index
        var orOfBytes: UInt8 = 0  // below 0x80 for ASCII
        // Most strings have no escape: they are their bytes as they are.
        while let byte = peek() {
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return try string(utf8: UnsafeBufferPointer(rebasing: bytes[start..<index - 1]), isASCII: orOfBytes < 0x80)
            case UInt8(ascii: "\\"):
                return try readEscapedString(from: start)
            case ..<0x20:
                throw failure("control character in a string")
            default:
                orOfBytes |= byte
                index += 1
            }
        }
        throw failure("unterminated string")
    }

    /// The rest of a string from its first escape, its bytes from `start` on copied with escapes decoded.
    private mutating func readEscapedString(from start: Int) throws -> String {
        var utf8 = Array(bytes[start..<index])
        while let byte = peek() {
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return try utf8.withUnsafeBufferPointer { try string(utf8: $0, isASCII: false) }
            case UInt8(ascii: "\\"):
                try readEscape(into: &utf8)
            case ..<0x20:
                throw failure("control character in a string")
            default:
                utf8.append(byte)
            }
        }
        throw failure("unterminated string")
    }

    private mutating func readEscape(into utf8: inout [UInt8]) throws {
        guard let byte = peek() else { throw failure("unterminated string") }
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(byte)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"):
            var code = try readHexQuad()
            // A character beyond U+FFFF is escaped as a surrogate pair; a lone surrogate is no character.
            if (0xD800..<0xDC00).contains(code), bytes[index...].starts(with: #"\u"#.utf8) {
                index += 2
                let low = try readHexQuad()
                guard (0xDC00..<0xE000).contains(low) else { throw failure("lone surrogate") }
                code = 0x10000 + (code - 0xD800) << 10 + (low - 0xDC00)
            }
            guard let scalar = Unicode.Scalar(code) else { throw failure("lone surrogate") }
            UTF8.encode(scalar) { utf8.append($0) }
        default:
            throw failure("invalid escape")
        }
    }

    private mutating func readHexQuad() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw failure("unterminated string") }
        var code: UInt32 = 0
        for byte in bytes[index..<index + 4] {
            guard let digit = Character(Unicode.Scalar(byte)).hexDigitValue else { throw failure("invalid \\u escape") }
            code = code << 4 | UInt32(digit)
        }
        index += 4
        return code
    }

    /// The string of `utf8`, which must be valid UTF-8. (Decoding replaces what is not, so the
    /// decoded string then has other bytes; ASCII is always valid.)
    private func string(utf8: UnsafeBufferPointer<UInt8>, isASCII: Bool) throws -> String {
        let string = String(decoding: utf8, as: UTF8.self)
        guard isASCII || string.utf8.elementsEqual(utf8) else { throw failure("invalid UTF-8 in a string") }
        return string
    }

    // MARK: Numbers

    /// A number as Foundation's decoder read it: an integer when the text is one that fits Int64,
    /// otherwise its nearest Double (too large for a Double is malformed), kept as an integer when
    /// integral (`JSONValue.number`). An integral Double from 2^53 up to 2^63 is not exact: the
    /// integer is then mostly the whole part of the text itself (`9007199254740993.0` stays …993).
    private mutating func readNumber() throws -> JSONValue {
        let start = index
        if peek() == UInt8(ascii: "-") { index += 1 }
        guard let first = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { throw failure("invalid number") }
        // A leading zero stands alone.
        if first == UInt8(ascii: "0") { index += 1 } else { skipDigits() }
        let isInteger = peek() != UInt8(ascii: ".") && peek() != UInt8(ascii: "e") && peek() != UInt8(ascii: "E")
        if peek() == UInt8(ascii: ".") {
            index += 1
            guard skipDigits() else { throw failure("invalid number") }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            guard skipDigits() else { throw failure("invalid number") }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let integer = Int64(text) { return .integer(integer) }
        guard let double = Double(text), double.isFinite else { throw failure("number out of range") }
        if abs(double) >= 0x1p53, Int64(exactly: double) != nil, let whole = Self.wholePart(ofNumber: text) {
            return .integer(whole)
        }
        return .number(double)
    }

    /// The whole part (fraction dropped) of the text of a number from 2^53 up, when its magnitude
    /// fits Int64 and Foundation read it so: through a Decimal, which keeps 38 significant digits and
    /// needed those, trailing zeros aside, to fit 64 bits (else it took the nearest Double).
    private static func wholePart(ofNumber text: String) -> Int64? {
        let parts = text.split(whereSeparator: { $0 == "e" || $0 == "E" })
        guard let exponent = parts.count == 2 ? Int(parts[1]) : 0 else { return nil }
        let mantissa = parts[0].drop(while: { $0 == "-" })
        let digits = mantissa.filter { $0 != "." }
        let kept = digits.drop(while: { $0 == "0" }).prefix(38)
        guard let last = kept.lastIndex(where: { $0 != "0" }), UInt64(kept[...last]) != nil else { return nil }
        // The digits before the point once the exponent has moved it: at least the 16 of 2^53.
        let wholeCount = (mantissa.firstIndex(of: ".").map { mantissa[..<$0].count } ?? mantissa.count) + exponent
        let whole = digits.prefix(wholeCount) + String(repeating: "0", count: max(0, wholeCount - digits.count))
        return Int64(whole).map { text.hasPrefix("-") ? -$0 : $0 }
    }

    /// Steps over digits; false when there were none.
    @discardableResult
    private mutating func skipDigits() -> Bool {
        let start = index
        while let byte = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { index += 1 }
        return index > start
    }

    // MARK: Bytes

    private func peek() -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
    }

    private func failure(_ what: String) -> JSONParseError {
        JSONParseError(description: "Malformed JSON: \(what) at byte \(index)")
    }
}
