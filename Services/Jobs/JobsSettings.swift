import Foundation
import PTRCore

/// The jobs service's own settings (spec/jobs.md §7.3, §8), beside the shared `ServiceConfiguration`.
struct JobsSettings: Sendable {
    /// Most jobs one `getnewjobs` hands out (`PTR_JOBS_MAX_BATCH`); the rest wait for the next call.
    var maximumBatch = 1000
    /// Most jobs one `getrecentjobs` lists, the newest (`PTR_JOBS_RECENT_MAX`).
    var maximumRecent = 5000
    /// How long `newjob` waits for the calendar before answering 503 (`PTR_JOBS_CALENDAR_TIMEOUT_MS`).
    var calendarTimeout: Duration = .seconds(5)
    /// How often a long poll re-checks the database, for jobs created on other replicas.
    var recheckInterval: Duration = .seconds(1)

    static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigurationError) -> JobsSettings {
        var settings = JobsSettings()
        settings.maximumBatch = try integer(environment, "PTR_JOBS_MAX_BATCH", default: settings.maximumBatch, in: 1...100_000)
        settings.maximumRecent = try integer(environment, "PTR_JOBS_RECENT_MAX", default: settings.maximumRecent, in: 1...1_000_000)
        settings.calendarTimeout = .milliseconds(try integer(environment, "PTR_JOBS_CALENDAR_TIMEOUT_MS", default: 5000, in: 1...60_000))
        return settings
    }

    private static func integer(_ environment: [String: String], _ name: String, default value: Int, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard let text = environment[name], !text.isEmpty else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw ConfigurationError(variable: name, expected: "a whole number in \(range.lowerBound)...\(range.upperBound)", value: text)
        }
        return number
    }
}
