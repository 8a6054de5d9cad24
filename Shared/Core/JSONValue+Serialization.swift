/// Writing JSON text. Written here rather than through `JSONEncoder` because the wire format depends
/// on two things the encoder does not offer: object keys in the order they were set, and the
/// original's number rule (integral → integer, otherwise shortest round-tripping float).
extension JSONValue: CustomStringConvertible {
    public var description: String { jsonText }

    /// Compact JSON text of this value.
    public var jsonText: String {
        var output = ""
        write(to: &output)
        return output
    }

    public func write(to output: inout String) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .integer(let value): output += String(value)
        case .double(let value): output += Self.numberText(value)
        case .string(let value): Self.writeString(value, to: &output)
        case .array(let values):
            output += "["
            for (index, value) in values.enumerated() {
                if index > 0 { output += "," }
                value.write(to: &output)
            }
            output += "]"
        case .object(let object):
            output += "{"
            for (index, (key, value)) in object.enumerated() {
                if index > 0 { output += "," }
                Self.writeString(key, to: &output)
                output += ":"
                value.write(to: &output)
            }
            output += "}"
        }
    }

    static func numberText(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value.rounded(.towardZero) == value {
            // Integral but beyond Int64: still an integer on the wire, as Python's int(Decimal) is.
            return abs(value) < 9.2e18 ? String(Int64(value)) : String(format: "%.0f", value)
        }
        return String(value)  // Swift's shortest round-trip form, like Python's float repr
    }

    static func writeString(_ string: String, to output: inout String) {
        output += "\""
        // Most strings need no escape: copy them whole. 0xE2 leads U+2028/U+2029 (and other
        // characters), which then take the scalar-by-scalar path below.
        guard string.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 }) else {
            output += string
            output += "\""
            return
        }
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
