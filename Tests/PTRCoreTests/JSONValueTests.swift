import PTRCore
import Testing

@Suite struct JSONValueTests {
    @Test("integral numbers out as integers, others as the shortest float", arguments: [
        ("20.0", "20"), ("2", "2"), ("2.5", "2.5"), ("2.50", "2.5"), ("-0.0", "0"), ("1e3", "1000"), ("0.1", "0.1"),
        ("0.30000000000000004", "0.30000000000000004"), ("-7.25", "-7.25"), ("1e-05", "1e-05"), ("9007199254740993", "9007199254740993"),
    ])
    func numbers(input: String, output: String) throws {
        #expect(try JSONValue.parse(input).jsonText == output)
    }

    @Test func stringsStayStrings() throws {
        let value = try JSONValue.parse(#"{"count": "1", "bin": "\"optimal\"", "x0": "0.25"}"#)
        #expect(value["count"] == "1")
        #expect(value["bin"] == .string("\"optimal\""))
        #expect(value.jsonText == #"{"bin":"\"optimal\"","count":"1","x0":"0.25"}"#)
    }

    @Test func everyKeyIsKeptAndNestingSurvives() throws {
        let text = #"{"z": {"deep": [1, 2.0, {"k": null}]}, "a": true, "unicode": "caf\u00e9 \ud83d\udd2d", "ctl": "a\u0001b"}"#
        let value = try JSONValue.parse(text)
        #expect(value.objectValue?.keys.sorted() == ["a", "ctl", "unicode", "z"])
        #expect(try JSONValue.parse(value.jsonText) == value)
        #expect(value["z"]?["deep"] == [1, 2, ["k": nil]])
        #expect(value.jsonText.contains(#""ctl":"a\u0001b""#))
    }

    @Test("constructed objects keep their key order")
    func keyOrder() {
        let value: JSONValue = ["id": "x", "queue_name": "q", "payload": [:], "created_at": 1, "sender": "s"]
        #expect(value.jsonText == #"{"id":"x","queue_name":"q","payload":{},"created_at":1,"sender":"s"}"#)
    }

    @Test("malformed text is an error, never a crash", arguments: ["", "{", #"{"a":}"#, "nul", #"{"a":1}x"#, "1e400", "{'a': 1}", "[1 2]"])
    func malformed(text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
    }

    @Test func invalidUTF8IsAnError() {
        #expect(throws: JSONParseError.self) { try JSONValue.parse([0x22, 0xFF, 0x22]) }
    }

    @Test func pythonTruthiness() throws {
        let falsy: [JSONValue] = [nil, false, 0, 0.0, "", [], [:]]
        #expect(falsy.allSatisfy { !$0.isTruthy })
        let truthy: [JSONValue] = [true, 1, 0.5, "0", [0], ["a": nil]]
        #expect(truthy.allSatisfy { $0.isTruthy })
    }
}

@Suite struct StringEscapeTests {
    @Test("strings are escaped exactly where JSON and JavaScript need it", arguments: [
        ("plain text, é and 🔭", #""plain text, é and 🔭""#),
        ("say \"hi\"", #""say \"hi\"""#),
        (#"C:\data"#, #""C:\\data""#),
        ("tab\tline\nreturn\r", #""tab\tline\nreturn\r""#),
        ("bell\u{07}", #""bell\u0007""#),
        ("line\u{2028}para\u{2029}", #""line\u2028para\u2029""#),
        ("€ and ✓", #""€ and ✓""#),
    ])
    func escapes(input: String, output: String) throws {
        #expect(JSONValue.string(input).jsonText == output)
        #expect(try JSONValue.parse(output) == .string(input))
    }
}

@Suite struct StoredJSONTests {
    /// Answering stored text as it is is right only because our text reads back to the same text.
    @Test("text we wrote reads back to the same text", arguments: [
        #"{"z":[1,2.5,{"k":null}],"a":true,"s":"caf\u00e9 \"q\" \u2028"}"#, #"[]"#, #""x""#, #"{"n":-0.0,"big":1e300}"#,
    ])
    func storedTextIsCanonical(input: String) throws {
        let stored = StoredJSON(try JSONValue.parse(input))
        #expect(try stored.value.jsonText == stored.text)
    }

    @Test("an array of stored documents is their JSON array")
    func arrayOfDocuments() throws {
        let documents: [JSONValue] = [["b": 1, "a": "x"], [:], ["list": [1, 2]]]
        #expect(StoredJSON.array(documents.map { StoredJSON($0) }).text == JSONValue.array(documents).jsonText)
        #expect(StoredJSON.array([]).text == "[]")
    }
}
