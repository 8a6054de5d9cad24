/// Rebuilds PEM text whose line breaks were lost on the way through a secret store
/// (auth.md §3.3: carriage returns, spaces instead of newlines, one long line).
struct PEMText: Equatable {
    /// What the BEGIN/END lines name, e.g. `CERTIFICATE` or `PUBLIC KEY`.
    let label: String
    /// Well-formed PEM: marker lines and the base64 body in 64-character lines.
    let text: String

    /// Text without BEGIN/END markers is taken as the bare base64 body of a certificate,
    /// which is how the original deployment stored the secret.
    init(normalizing raw: String) {
        let label: String
        let body: Substring
        if let begin = raw.range(of: "-----BEGIN "),
            let labelEnd = raw.range(of: "-----", range: begin.upperBound..<raw.endIndex)
        {
            label = String(raw[begin.upperBound..<labelEnd.lowerBound])
            let end = raw.range(of: "-----END \(label)-----", range: labelEnd.upperBound..<raw.endIndex)
            body = raw[labelEnd.upperBound..<(end?.lowerBound ?? raw.endIndex)]
        } else {
            label = "CERTIFICATE"
            body = raw[...]
        }
        let base64 = Array(body.filter { !$0.isWhitespace })
        let lines = stride(from: 0, to: base64.count, by: 64).map { String(base64[$0..<min($0 + 64, base64.count)]) }
        self.label = label
        self.text = (["-----BEGIN \(label)-----"] + lines + ["-----END \(label)-----"]).joined(separator: "\n") + "\n"
    }
}
