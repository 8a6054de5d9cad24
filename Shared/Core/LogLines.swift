import Foundation
import Logging

/// One line per log event on standard output, as JSON (`PTR_LOG_FORMAT=json`, for log collectors)
/// or as readable text (the default, for a terminal).
public struct LineLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    let label: String
    let format: ServiceConfiguration.LogFormat

    public init(label: String, level: Logger.Level, format: ServiceConfiguration.LogFormat) {
        self.label = label
        self.logLevel = level
        self.format = format
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        let timestamp = Date().formatted(.iso8601.year().month().day().timeSeparator(.colon).time(includingFractionalSeconds: true))
        var line: String
        switch format {
        case .json:
            var fields: JSONObject = ["ts": .string(timestamp), "level": .string(event.level.rawValue), "logger": .string(label),
                                      "message": .string(event.message.description)]
            for (key, value) in merged.sorted(by: { $0.key < $1.key }) { fields[key] = Self.json(value) }
            line = JSONValue.object(fields).jsonText
        case .text:
            line = "\(timestamp) \(event.level.rawValue.uppercased()) \(label): \(event.message)"
            for (key, value) in merged.sorted(by: { $0.key < $1.key }) { line += " \(key)=\(value)" }
        }
        line += "\n"
        FileHandle.standardOutput.write(Data(line.utf8))
    }

    private static func json(_ value: Logger.MetadataValue) -> JSONValue {
        switch value {
        case .string(let string): .string(string)
        case .stringConvertible(let convertible):
            if let number = convertible as? any BinaryInteger { .integer(Int64(number)) }
            else if let number = convertible as? Double { .number(number) }
            else { .string(convertible.description) }
        case .array(let values): .array(values.map(json))
        case .dictionary(let values): .object(JSONObject(uniqueKeysWithValues: values.sorted { $0.key < $1.key }.map { ($0.key, json($0.value)) }))
        }
    }

    /// Installs this handler for the whole process; binaries call it once at start.
    public static func bootstrap(level: Logger.Level, format: ServiceConfiguration.LogFormat) {
        LoggingSystem.bootstrap { label in LineLogHandler(label: label, level: level, format: format) }
    }
}
