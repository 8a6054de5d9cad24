/// Byte-for-byte what Python's `json.dumps` (default arguments) produces, for the few values
/// that the original services stored as text.
enum PythonJSON {
    /// `["a", "b"]`: elements separated by `", "`, every character outside printable ASCII escaped.
    static func stringArray(_ values: [String]) -> String {
        "[" + values.map(string).joined(separator: ", ") + "]"
    }

    /// A string literal with `ensure_ascii=True`: `\uXXXX` (lower-case hex, UTF-16 surrogate
    /// pairs above U+FFFF) for anything outside U+0020...U+007E.
    static func string(_ value: String) -> String {
        var out = "\""
        for unit in value.utf16 {
            switch unit {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x08: out += "\\b"
            case 0x0C: out += "\\f"
            case 0x20...0x7E: out.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
            default:
                let hex = String(unit, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
        }
        return out + "\""
    }
}
