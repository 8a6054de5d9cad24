import Foundation
import PTRCore
import Testing

/// What `JSONValue.parse` reads, pinned as Foundation's `JSONDecoder` read it when every body and
/// stored document went through it: the services answer what they stored, so a reading that
/// changed would change their answers. `parse` now reads through Foundation's `JSONSerialization`;
/// where that reads otherwise (duplicate keys, a few integers beyond 2^53), the test says so.
@Suite struct JSONParsingTests {
    @Test("numbers: integers stay integers, integral decimals become integers, others doubles", arguments: [
        ("0", .integer(0)), ("-0", .integer(0)), ("-0.0", .integer(0)), ("20.0", .integer(20)), ("1e3", .integer(1000)),
        ("1E2", .integer(100)), ("1.5e1", .integer(15)), ("100e-2", .integer(1)), ("0e400", .integer(0)),
        ("1e-400", .integer(0)), ("0.99999999999999999999", .integer(1)), ("1e18", .integer(1_000_000_000_000_000_000)),
        ("2.5", .double(2.5)), ("12.50", .double(12.5)), ("123e-1", .double(12.3)), ("-7.25", .double(-7.25)),
        ("1e-7", .double(1e-7)), ("5e-324", .double(5e-324)), ("0.30000000000000004", .double(0.30000000000000004)),
        ("9223372036854775807", .integer(.max)), ("-9223372036854775808", .integer(.min)),
        ("9223372036854775808", .double(9223372036854775808)), ("-9223372036854775809", .double(-9223372036854775808)),
        ("1e19", .double(1e19)),
    ] as [(String, JSONValue)])
    func numbers(text: String, value: JSONValue) throws {
        #expect(try JSONValue.parse(text) == value)
    }

    /// Above 2^53 a decimal's Double is not exact; the integer read is the text's own value, its
    /// fraction dropped, up to where the Double reaches 2^63, unless its significant digits (of the
    /// first 38, trailing zeros aside) overflow 64 bits: then it is the Double's.
    /// JSONSerialization keeps those digits (as a Decimal) only for a number of more than 17
    /// characters before its exponent; a shorter one, like `9007199254740993e0`, is its Double
    /// (JSONDecoder read 9007199254740993 there). `-9223372036854775808.0` is Int64.min, as
    /// `-9223372036854775808` is (JSONDecoder read the first as the Double -2^63).
    @Test("integral decimals beyond 2^53 keep every digit", arguments: [
        ("9007199254740993.0", .integer(9_007_199_254_740_993)), ("9007199254740993e0", .integer(9_007_199_254_740_992)),
        ("90071992547409930e-1", .integer(9_007_199_254_740_992)), ("9007199254740993.5", .integer(9_007_199_254_740_993)),
        ("-9007199254740993.9", .integer(-9_007_199_254_740_993)), ("1.234567890123456789e18", .integer(1_234_567_890_123_456_789)),
        ("9223372036854775000.0", .integer(9_223_372_036_854_775_000)), ("-9223372036854775807.0", .integer(-9_223_372_036_854_775_807)),
        ("9223372036854775806.0", .double(9223372036854775808)), ("-9223372036854775808.0", .integer(.min)),
        ("1234567890123456789.5", .integer(1_234_567_890_123_456_789)), ("1934567890123456789.5", .integer(1_934_567_890_123_456_768)),
        ("9007199254740993.0000000000000000001", .integer(9_007_199_254_740_994)),
        ("67232961393514445.59223372036854775807", .integer(67_232_961_393_514_448)),
        ("9007199254740993.000000000000000000000001", .integer(9_007_199_254_740_993)),
        ("90071992547409930000000000000000000000000e-24", .integer(90_071_992_547_409_930)),
    ] as [(String, JSONValue)])
    func bigIntegralDecimals(text: String, value: JSONValue) throws {
        #expect(try JSONValue.parse(text) == value)
    }

    @Test("number text as the original wrote it", arguments: [
        ("9223372036854775808", "9223372036854775808"), ("18446744073709551616", "18446744073709551616"),
        ("123456789012345678901234567890", "123456789012345677877719597056"), ("1e19", "10000000000000000000"),
        ("1e-7", "1e-07"), ("5e-324", "5e-324"), ("1.5e-300", "1.5e-300"),
        ("1.7976931348623157e308", String(format: "%.0f", 1.7976931348623157e308)),
    ])
    func numberText(text: String, output: String) throws {
        #expect(try JSONValue.parse(text).jsonText == output)
    }

    @Test("booleans stay booleans and numbers numbers")
    func booleansAndNumbers() throws {
        #expect(try JSONValue.parse("[true, 1, false, 0, 1.0, null]") == .array([.bool(true), .integer(1), .bool(false), .integer(0), .integer(1), .null]))
        #expect(try JSONValue.parse("true") == .bool(true))
        #expect(try JSONValue.parse(#"{"t": true, "one": 1}"#).jsonText == #"{"one":1,"t":true}"#)
    }

    @Test("strings: escapes, surrogate pairs, any character but raw controls")
    func strings() throws {
        #expect(try JSONValue.parse(#""\b\f\n\r\t\"\\\/""#) == .string("\u{8}\u{C}\n\r\t\"\\/"))
        #expect(try JSONValue.parse(#""\ud83d\udd2d \uD83D\uDD2D \u00e9 \u0000""#) == .string("🔭 🔭 é \0"))
        #expect(try JSONValue.parse("\"\u{7F} é € 🔭\"") == .string("\u{7F} é € 🔭"))
        #expect(try JSONValue.parse(#"{"a\u0000": 1}"#) == ["a\0": 1])
        #expect(try JSONValue.parse("\"\u{FEFF}x\"") == .string("\u{FEFF}x"))
        // JSONSerialization alone would drop these U+FEFF: a text with one goes through JSONDecoder.
        #expect(try JSONValue.parse("{\"\u{FEFF}k\": [\"\\\\\u{FEFF}x\", \"\u{FEFF}\u{FEFF}\"]}") == ["\u{FEFF}k": ["\\\u{FEFF}x", "\u{FEFF}\u{FEFF}"]])
        #expect(try JSONValue.parse([0xEF, 0xBB, 0xBF] + Array("\"\u{FEFF}x\"".utf8)) == .string("\u{FEFF}x"))
    }

    /// Foundation's JSONDecoder stopped the process on this number (its Decimal exponent overflowed):
    /// any body holding it took a service down. JSONSerialization reads it as a Double.
    @Test func numberThatStoppedJSONDecoder() throws {
        let text = "0." + String(repeating: "0", count: 200) + "9007199254740993e217"
        #expect(try JSONValue.parse("[\(text)]") == [.integer(90_071_992_547_409_936)])
    }

    @Test("a number out of Double's range is malformed", arguments: ["1e400", "-1e400", "1.8e308", "[1e99999999999999999999]"])
    func outOfRange(text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
    }

    @Test("malformed text", arguments: [
        "", " ", "01", "-01", "1.", ".5", "+1", "-", "1e", "1e+", "0x10", "NaN", "Infinity", "-Infinity", "tru", "truex", "nulll", "True",
        #""\ud800""#, #""\udc00x""#, #""\ud83d\u0041""#, #""\ud83dx""#, #""\ud83d""#, #""\u00""#, #""\u00G0""#, #""\U0041""#, #""\x""#,
        "\"a\tb\"", "\"a\nb\"", "\"abc", "[", "[1", #"{"a""#, #"{"a":1"#, "[1]]", #"{"a" 1}"#, "{1:2}", "{a:1}", "1 2",
        "[,1]", "[1,,2]", "[,]", "{,}", #"{"a":1,,"b":2}"#, "[1]//x", "/*c*/[1]", "\u{C}{}", "[1\u{C}]", "\u{A0}1",
    ])
    func malformed(text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
    }

    @Test("bytes that are not UTF-8 are malformed", arguments: [
        [0x22, 0x80, 0x22], [0x22, 0xC0, 0xAF, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],
        [0x22, 0xE2, 0x82, 0x22], [0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D], [0x22, 0x5C, 0x6E, 0xC0, 0xAF, 0x22],
        [0xEF, 0xBB, 0xBF], [0x20, 0xEF, 0xBB, 0xBF, 0x31],
    ] as [[UInt8]])
    func notUTF8(bytes: [UInt8]) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(bytes) }
    }

    @Test("what Foundation has always let through: one trailing comma, a leading byte order mark, UTF-16, UTF-32 without one")
    func foundationLeniencies() throws {
        #expect(try JSONValue.parse("[1,]") == [1])
        #expect(try JSONValue.parse(#"{"a": {"b": [1 , ], }, }"#) == ["a": ["b": [1]]])
        #expect(try JSONValue.parse([0xEF, 0xBB, 0xBF] + Array(#"{"a":1}"#.utf8)) == ["a": 1])
        let text = #"{"é":[1]}"#
        for encoding: String.Encoding in [.utf16BigEndian, .utf16LittleEndian, .utf16, .utf32BigEndian, .utf32LittleEndian] {
            #expect(try JSONValue.parse(Array(text.data(using: encoding)!)) == ["é": [1]], "\(encoding)")
        }
    }

    @Test("whitespace is space, tab, line feed and carriage return")
    func whitespace() throws {
        #expect(try JSONValue.parse(" \t\r\n{ \"a\" :\n[ 1 ,\t2 ] }\r\n ") == ["a": [1, 2]])
    }

    @Test("nesting goes 512 levels deep")
    func nesting() throws {
        func arrays(_ depth: Int) -> String { String(repeating: "[", count: depth) + String(repeating: "]", count: depth) }
        func objects(_ depth: Int) -> String { String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth) }
        #expect(try JSONValue.parse(arrays(512)).jsonText == arrays(512))
        #expect(try JSONValue.parse(objects(512)).jsonText == objects(512))
        #expect(throws: JSONParseError.self) { try JSONValue.parse(arrays(513)) }
        #expect(throws: JSONParseError.self) { try JSONValue.parse(objects(513)) }
        #expect(throws: JSONParseError.self) { try JSONValue.parse(arrays(100_000)) }
    }

    @Test("object keys come out sorted as Swift strings compare")
    func keyOrder() throws {
        let value = try JSONValue.parse(#"{"é": 1, "f": 2, "ｆ": 3, "Z": 4, "😀": 5, "\uffff": 6, "": 7, "b": {"y": 1, "x": [{"d": 1, "c": 2}]}}"#)
        #expect(value.jsonText == #"{"":7,"Z":4,"b":{"x":[{"c":2,"d":1}],"y":1},"f":2,"é":1,"ｆ":3,"\#u{FFFF}":6,"😀":5}"#)
        // Canonically equivalent keys compare equal: "e" + U+0301 sorts as "é", after "f".
        #expect(try JSONValue.parse("{\"e\u{301}\": 1, \"f\": 2}").jsonText == "{\"f\":2,\"e\u{301}\":1}")
    }

    /// JSONDecoder kept the first of duplicate keys; JSONSerialization keeps the last value, as
    /// Python's json (the original backend's reader) does, under the first key's spelling.
    @Test("of duplicate keys the last value is kept, under the first spelling")
    func duplicateKeys() throws {
        #expect(try JSONValue.parse(#"{"a": 1, "b": 0, "a": 2, "a": 3}"#).jsonText == #"{"a":3,"b":0}"#)
        #expect(try JSONValue.parse("{\"e\u{301}\": 1, \"\u{E9}\": 2}").jsonText == "{\"e\u{301}\":2}")
        #expect(try JSONValue.parse("{\"\u{E9}\": 1, \"e\u{301}\": 2}").jsonText == "{\"\u{E9}\":2}")
    }

    @Test("parsing bytes, a string and a stored text agree")
    func entryPoints() throws {
        let text = #"{"n": 1.5, "s": "x\u00e9", "l": [true, null]}"#
        let value = try JSONValue.parse(text)
        #expect(try JSONValue.parse(Array(text.utf8)) == value)
        #expect(try JSONValue.parse(text.utf8) == value)
        #expect(try JSONValue.parse(Array(text.utf8)[...]) == value)
        #expect(try JSONValue.parse(text.utf8.lazy.map { $0 }) == value)
        #expect(try StoredJSON(text).value == value)
    }

    @Test("a JSONValue can be a member of another Decodable type")
    func decodableMember() throws {
        struct Request: Decodable, Equatable {
            let site: String
            let document: JSONValue
            let extra: JSONValue?
        }
        let text = #"{"site": "mrc", "document": {"b": [1, 2.5, true, null, "x"], "a": {}}}"#
        let request = try JSONDecoder().decode(Request.self, from: Data(text.utf8))
        #expect(request == Request(site: "mrc", document: ["a": [:], "b": [1, 2.5, true, nil, "x"]], extra: nil))
        #expect(request.document.jsonText == #"{"a":{},"b":[1,2.5,true,null,"x"]}"#)
    }
}

/// `JSONValue.parse` (through `JSONSerialization`) against Foundation's `JSONDecoder` (`JSONValue:
/// Decodable`), which read every body and stored document before: both accept and refuse the same
/// generated documents, and the same documents with one byte taken out or put in. The documents read
/// to the same value, but that an integer beyond 2^53 written with 17 characters or fewer before
/// its exponent may be its Double (`bigIntegralDecimals`). A mutation can make two keys one, which
/// the two readers resolve differently (`duplicateKeys`), so of mutations only acceptance is compared.
@Suite struct FoundationAgreementTests {
    @Test func generatedDocuments() {
        var generator = DocumentGenerator()
        for _ in 0..<400 {
            let text = Array(generator.document().utf8)
            let (parsed, decoded) = (Self.parsed(text), Self.decoded(text))
            #expect(parsed != nil && decoded != nil && Self.agree(parsed!, decoded!),
                    "\(String(decoding: text, as: UTF8.self)): \(parsed?.jsonText ?? "refused") \(decoded?.jsonText ?? "refused")")
            for _ in 0..<8 {
                let mutated = generator.mutation(of: text)
                #expect((Self.parsed(mutated) == nil) == (Self.decoded(mutated) == nil), "\(String(decoding: mutated, as: UTF8.self))")
            }
        }
    }

    private static func agree(_ parsed: JSONValue, _ decoded: JSONValue) -> Bool {
        switch (parsed, decoded) {
        case (.array(let parsed), .array(let decoded)):
            parsed.count == decoded.count && zip(parsed, decoded).allSatisfy(agree)
        case (.object(let parsed), .object(let decoded)):
            parsed.keys == decoded.keys && zip(parsed.values, decoded.values).allSatisfy(agree)
        case (.integer(let parsed), .integer(let decoded)):
            parsed == decoded || (parsed.magnitude > 1 << 53 && Double(parsed) == Double(decoded))
        default:
            parsed == decoded
        }
    }

    private static func parsed(_ bytes: [UInt8]) -> JSONValue? {
        try? JSONValue.parse(bytes)
    }

    private static func decoded(_ bytes: [UInt8]) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }
}

/// Random JSON texts, the same every run (SplitMix64 from a fixed seed), with what readers get wrong:
/// escapes, surrogate pairs, non-ASCII keys, odd whitespace, numbers at every scale. Documents are
/// valid, with distinct keys: Foundation never looked at the value of a duplicate key it dropped, so
/// that value could be malformed, and one mutation cannot make both.
struct DocumentGenerator {
    private var state: UInt64 = 13

    private static let keys = ["a", "b", "B", "Z", "", "é", "ｆ", "😀", "a\\u0000", "q\\\"uote", "\u{2028}", "\\ud83d\\udd2d", "site"]
    private static let stringPieces = ["x", "Bench User", "é", "🔭", "\u{7F}", "\\n", "\\\"", "\\\\", "\\/", "\\u00e9", "\\ud83d\\udd2d", "\\u0000", "\\b", "\u{2028}", "2030-01-10T00:00:00Z"]
    private static let whitespace = ["", "", "", " ", "\n", "\t", "\r\n"]
    private static let edgeNumbers = ["9223372036854775807", "-9223372036854775808", "9223372036854775808", "12345678901234567890", "9007199254740993", "-0", "-0.0", "0e400", "1e-400", "5e-324"]
    private static let mutationBytes = Array(#",]}[{"\:e.-+01 utn"#.utf8) + [0x01, 0xFF, 0xC3, 0x80]

    private mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((mixed ^ (mixed >> 31)) % UInt64(bound))
    }

    private mutating func pick(_ choices: [String]) -> String { choices[next(choices.count)] }

    private mutating func digits(_ count: Int, leading: Bool = false) -> String {
        String((0..<count).map { index in Character(String(index == 0 && leading ? 1 + next(9) : next(10))) })
    }

    mutating func document() -> String {
        pick(Self.whitespace) + (next(4) == 0 ? value(depth: 0) : container(depth: 0)) + pick(Self.whitespace)
    }

    mutating func mutation(of text: [UInt8]) -> [UInt8] {
        var bytes = text
        let at = next(bytes.count + 1)
        if at < bytes.count, next(2) == 0 { bytes.remove(at: at) } else { bytes.insert(Self.mutationBytes[next(Self.mutationBytes.count)], at: at) }
        return bytes
    }

    private mutating func value(depth: Int) -> String {
        switch next(depth < 4 ? 9 : 7) {
        case 0: pick(["true", "false", "null"])
        case 1...3: number()
        case 4...6: string(of: Self.stringPieces, count: next(4))
        default: container(depth: depth)
        }
    }

    private mutating func container(depth: Int) -> String {
        if next(2) == 0 {
            return "[" + (0..<next(5)).map { _ in pick(Self.whitespace) + value(depth: depth + 1) }.joined(separator: ",") + "]"
        }
        var keys = Self.keys
        let members = (0..<next(7)).map { _ in
            string(of: [keys.remove(at: next(keys.count))], count: 1) + pick(Self.whitespace) + ":" + pick(Self.whitespace) + value(depth: depth + 1)
        }
        return "{" + members.joined(separator: ",") + (members.isEmpty ? "" : pick(["", "", "", ","])) + "}"
    }

    private mutating func string(of pieces: [String], count: Int) -> String {
        "\"" + (0..<count).map { _ in pick(pieces) }.joined() + "\""
    }

    private mutating func number() -> String {
        let sign = pick(["", "", "-"])
        switch next(4) {
        case 0: return pick(Self.edgeNumbers)
        case 1:  // from 2^53 to 2^63, where a Double is not exact
            return sign + digits(16 + next(4), leading: true) + pick(["", ".0", ".5", "." + digits(1 + next(25))]) + pick(["", "e1", "e-2", "E+1"])
        default:
            let whole = next(3) == 0 ? "0" : digits(1 + next(3), leading: true)
            let fraction = next(2) == 0 ? "" : "." + digits(1 + next(20))
            let exponent = next(2) == 0 ? "" : pick(["e", "E"]) + pick(["", "+", "-"]) + String(next(300))
            return sign + whole + fraction + exponent
        }
    }
}
