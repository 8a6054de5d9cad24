import NIOCore
import PTRCore
import Testing
@testable import PTRHTTP

@Suite struct JSONBodyRulesTests {
    static let strict = JSONBodyRules(limit: 1024, tooLargeText: "too large", notAnObjectText: "not an object")

    static func read(_ text: String, _ rules: JSONBodyRules) -> Result<JSONObject, HTTPFailure> {
        Result { try rules.object(from: ByteBuffer(string: text)) }.mapError { $0 as! HTTPFailure }
    }

    static func failureText(_ result: Result<JSONObject, HTTPFailure>) -> String? {
        guard case .failure(let failure) = result, case .text(let text) = failure.reply.body else { return nil }
        return failure.status == .badRequest ? text : "status \(failure.status.code)"
    }

    @Test("the lenient rule reads nothing and garbage as {}, and refuses a value that is not an object")
    func lenient() throws {
        let rules = JSONBodyRules.lenient(limit: 64)
        #expect(try Self.read("", rules).get() == [:])
        #expect(try Self.read("{not json", rules).get() == [:])
        #expect(Self.failureText(Self.read("[1, 2]", rules)) == "Request body must be a JSON object")
        #expect(try Self.read(#"{"a": 1}"#, rules).get() == ["a": 1])
        #expect(rules.tooLargeText == "Request body is larger than 64 bytes")
    }

    @Test("a strict rule refuses an empty, unparsable or non-object body with its own text")
    func strict() {
        for body in ["", "{not json", "\"text\"", "3", "null"] {
            #expect(Self.failureText(Self.read(body, Self.strict)) == "not an object", "\(body)")
        }
    }

    @Test("nesting counts the levels inside the body object")
    func nesting() throws {
        let rules = Self.strict.nested(atMost: 2, text: "too deep")
        #expect(try Self.read(#"{"a": {"b": [1]}}"#, rules).get().count == 1)
        #expect(Self.failureText(Self.read(#"{"a": {"b": [[1]]}}"#, rules)) == "too deep")
    }

    @Test("an integer beyond 64 bits is refused only where the rule asks")
    func exactIntegers() throws {
        let body = #"{"n": 123456789012345678901234567890, "x": 1.5}"#
        #expect(try Self.read(body, Self.strict).get().count == 2)
        #expect(Self.failureText(Self.read(body, Self.strict.exactIntegers(text: "inexact"))) == "inexact")
        #expect(try Self.read(#"{"n": 9007199254740993, "x": 1.5}"#, Self.strict.exactIntegers(text: "inexact")).get()["n"] == 9007199254740993)
    }
}
