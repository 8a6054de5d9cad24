import Astronomy
import PTRCore

/// JSON text of the astronomy answers, whose numbers the reference prints as Python floats:
/// always as a float (`2459063.0`, never `2459063`), unlike the integral-as-integer rule that
/// `JSONValue` applies to stored documents (events.md §1.2: "a JSON float, full double precision").
enum FloatJSON {
    /// Swift's shortest round-trip description, the same digits as Python's float `repr`.
    static func number(_ value: Double) -> String { value.description }

    /// `{"key": value, ...}` in the given order.
    static func object(_ pairs: [(String, Double)]) -> String {
        var output = "{"
        for (index, (key, value)) in pairs.enumerated() {
            if index > 0 { output += "," }
            output += JSONValue.string(key).jsonText + ":" + number(value)
        }
        return output + "}"
    }

    /// The moon endpoint's array of `{"illumination", "rise", "set", "transit"}` (events.md §3.2).
    static func moonPasses(_ passes: [MoonPass]) -> String {
        let items = passes.map { pass in
            #"{"illumination":\#(number(pass.illumination)),"rise":"\#(pass.riseISO)","set":"\#(pass.setISO)","transit":"\#(pass.transitISO)"}"#
        }
        return "[" + items.joined(separator: ",") + "]"
    }
}
