import Foundation

/// Unix time in whole milliseconds, the unit the original stored in `created_at`/`last_updated`.
public func unixMilliseconds(_ date: Date = Date()) -> Int64 {
    Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
}
