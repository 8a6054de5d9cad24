import Testing

@testable import API

/// The astronomy answers keep Python's float form, unlike stored documents.
@Suite struct FloatJSONTests {
    @Test func integralValuesStayFloats() {
        #expect(FloatJSON.object([("Sun Set", 2459063.0), ("Clock & Auto Focus", 2461274.6540611302)])
                == #"{"Sun Set":2459063.0,"Clock & Auto Focus":2461274.6540611302}"#)
        #expect(FloatJSON.object([]) == "{}")
        #expect(FloatJSON.moonPasses([]) == "[]")
    }

    @Test func numberTexts() {
        #expect(FloatText.parse(" 34.5\n") == 34.5)
        #expect(FloatText.parse("1.5963e9") == 1.5963e9)
        for text in ["", "abc", "nan", "inf", "-Infinity", "0x1p3", "1e999", "1,5"] { #expect(FloatText.parse(text) == nil, "\(text)") }
    }
}
