import Foundation

/// Resolves a site config's `TZ_database_name` the way the reference (pytz) does: tz database
/// names only. Foundation alone also accepts abbreviations ("PST") and offsets ("GMT+5"), so the
/// name must also be a file of the system's tz database when that directory exists.
public enum SiteTimeZone {
    private static let databaseDirectory = ProcessInfo.processInfo.environment["TZDIR"] ?? "/usr/share/zoneinfo"

    public static func named(_ name: String) -> TimeZone? {
        guard !name.isEmpty, !name.hasPrefix("/"), !name.split(separator: "/").contains(".."),
              let zone = TimeZone(identifier: name)
        else { return nil }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: databaseDirectory, isDirectory: &isDirectory) else { return zone }
        let file = databaseDirectory + "/" + name
        return FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) && !isDirectory.boolValue ? zone : nil
    }

    /// The UTC offset (seconds) that pytz gives `zone` at an instant. pytz reads only the 32-bit
    /// part of a zone file, so it knows no transition outside 1901-12-13T20:45:52Z …
    /// 2038-01-19T03:14:07Z: before, every zone is still on its earliest offset (local mean time,
    /// e.g. −7:52:58 for Los Angeles in 1900), after, on the offset of that last instant (no summer
    /// time from 2038 on). It also rounds every offset to the nearest minute.
    static func pytzOffsetSeconds(_ zone: TimeZone, unixSeconds: Double) -> Int {
        let instant = unixSeconds < Double(Int32.min) ? Date.distantPast
            : Date(timeIntervalSince1970: min(unixSeconds, Double(Int32.max)))
        let seconds = zone.secondsFromGMT(for: instant)
        return Int((Double(seconds + 30) / 60).rounded(.down)) * 60
    }
}
