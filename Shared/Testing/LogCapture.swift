import Logging

/// A logger whose every line (level, message and metadata, rendered) is kept for inspection.
public struct LogCapture: Sendable {
    public let lines = Locked<[String]>([])

    public init() {}

    public var logger: Logger {
        var logger = Logger(label: "test") { _ in Handler(lines: lines) }
        logger.logLevel = .trace
        return logger
    }

    /// The lines logged at error level or above.
    public var errors: [String] {
        lines.current.filter { $0.hasPrefix("error ") || $0.hasPrefix("critical ") }
    }

    private struct Handler: LogHandler {
        let lines: Locked<[String]>
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            lines.withLock { $0.append("\(event.level) \(event.message) \(merged)") }
        }
    }
}
