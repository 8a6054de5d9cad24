import Foundation

/// The "local noon to local noon" day of the reference: it starts at 12:00:00 TAI on the site's
/// standard meridian, i.e. at 11:59:23 local civil time since 2017 (TAI − UTC = 37 s; 11:59:50
/// before 1972), and uses only the UTC offset in force at `when` as pytz has it (see
/// `SiteTimeZone.pytzOffsetSeconds`), so around DST changes it may start at 10:59:23 or 12:59:23.
public struct ObservingWindow: Sendable, Equatable {
    /// TAI Julian date of the window start.
    public let startTAI: Double
    /// TAI Julian date of the window end, exactly one day later.
    public let endTAI: Double
    /// UTC offset of the site's zone at `when`, hours.
    public let utcOffsetHours: Double

    public init(containing unixSeconds: Double, timeZone: TimeZone) {
        let offsetSeconds = SiteTimeZone.pytzOffsetSeconds(timeZone, unixSeconds: unixSeconds)
        utcOffsetHours = Double(offsetSeconds) / 3600
        let offsetDays = utcOffsetHours / 24
        let tai = TimeScales.taiJulianDate(unixSeconds: unixSeconds)
        // Truncation, as the reference's int(), kept in Double so absurd inputs cannot trap.
        startTAI = (tai + offsetDays).rounded(.towardZero) - offsetDays
        endTAI = startTAI + 1
    }
}
