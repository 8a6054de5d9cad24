import Foundation
import PTRCore
import PTRHTTP

/// The observatory's progress report and the calendar link, as edits of a stored document
/// (spec/projects.md §3.6, §3.7). Each runs inside the store's locked read-modify-write.
enum ProjectProgress {
    /// Appends `filename` to `project_data[index]` and counts `remaining[index]` down by one,
    /// converting it as Python's `int()` did (so `"3"` becomes the integer `2`); no floor.
    static func recordingExposure(_ filename: String, at index: Int, in stored: JSONObject) throws -> JSONObject {
        guard var data = stored["project_data"]?.arrayValue, var remaining = stored["remaining"]?.arrayValue,
              index < data.count, index < remaining.count else {
            throw HTTPFailure.badRequest("Error: exposure_index out of range")
        }
        guard var files = data[index].arrayValue, let left = pythonInteger(remaining[index]) else {
            throw HTTPFailure.conflict("Error: project data at exposure_index \(index) cannot be updated")
        }
        files.append(.string(filename))
        data[index] = .array(files)
        remaining[index] = .integer(left &- 1)
        var document = stored
        document["project_data"] = .array(data)
        document["remaining"] = .array(remaining)
        return document
    }

    /// The document with `eventID` in `scheduled_with_events` (created when absent), or nil when
    /// it is there already: the call is idempotent by value.
    static func attachingEvent(_ eventID: String, to stored: JSONObject) throws -> JSONObject? {
        var events: [JSONValue] = []
        if let existing = stored["scheduled_with_events"] {
            guard let list = existing.arrayValue else { throw HTTPFailure.conflict("Error: scheduled_with_events is not a list") }
            events = list
        }
        guard !events.contains(.string(eventID)) else { return nil }
        var document = stored
        document["scheduled_with_events"] = .array(events + [.string(eventID)])
        return document
    }

    /// Python's `int(value)`: integers as they are, other numbers truncated toward zero,
    /// booleans 1/0, strings of optional whitespace, sign and decimal digits; nil for the rest.
    static func pythonInteger(_ value: JSONValue) -> Int64? {
        switch value {
        case .integer(let number): return number
        case .double(let number): return number.isFinite && abs(number) < 9.2e18 ? Int64(number.rounded(.towardZero)) : nil
        case .bool(let flag): return flag ? 1 : 0
        case .string(let text):
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            let digits = trimmed.hasPrefix("-") || trimmed.hasPrefix("+") ? trimmed.dropFirst() : Substring(trimmed)
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return Int64(trimmed.hasPrefix("+") ? String(digits) : trimmed)
        default: return nil
        }
    }
}
