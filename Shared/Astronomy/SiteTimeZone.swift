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
}
