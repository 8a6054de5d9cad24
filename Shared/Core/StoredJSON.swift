/// JSON text that this backend wrote itself (`JSONValue.jsonText`) and reads back from storage.
///
/// Read routes answer it as it is: the text is already what writing the parsed value would give,
/// and parsing it only to write it again cost most of the time of every read route (a parse costs
/// far more than a copy). Parse it (`value`) only where a handler must look inside.
public struct StoredJSON: Sendable, Hashable {
    public let text: String

    public init(_ text: String) {
        self.text = text
    }

    public init(_ value: JSONValue) {
        text = value.jsonText
    }

    public var value: JSONValue {
        get throws { try JSONValue.parse(text) }
    }

    /// The documents as one JSON array text.
    public static func array(_ documents: [StoredJSON]) -> StoredJSON {
        var text = "["
        text.reserveCapacity(documents.reduce(2) { $0 + $1.text.utf8.count + 1 })
        for (index, document) in documents.enumerated() {
            if index > 0 { text += "," }
            text += document.text
        }
        return StoredJSON(text + "]")
    }
}
