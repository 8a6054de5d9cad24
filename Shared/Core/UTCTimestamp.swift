import Foundation

/// The timestamp text of the original's tables and answers: `YYYY-MM-DDTHH:MM:SSZ` (UTC, whole
/// seconds, literal Z). Stored times compare as strings, so every service writes them this one way.
public enum UTCTimestamp {
    /// Parses exactly `YYYY-MM-DDTHH:MM:SSZ`; anything else (no `Z`, offsets, fractions) is nil.
    public static func parse(_ text: String) -> Date? {
        let chars = Array(text.utf8)
        guard chars.count == 20, chars[4] == UInt8(ascii: "-"), chars[7] == UInt8(ascii: "-"),
              chars[10] == UInt8(ascii: "T"), chars[13] == UInt8(ascii: ":"),
              chars[16] == UInt8(ascii: ":"), chars[19] == UInt8(ascii: "Z")
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for c in chars[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) else { return nil }
                value = value * 10 + Int(c - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              (1...12).contains(month), (1...daysInMonth(year: year, month: month)).contains(day),
              hour < 24, minute < 60, second < 60
        else { return nil }
        let days = CivilDate.daysSinceUnixEpoch(year: year, month: month, day: day)
        return Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3_600 + minute * 60 + second))
    }

    /// Formats as `YYYY-MM-DDTHH:MM:SSZ`, the fraction of a second dropped (a stamp of "now").
    public static func string(from date: Date) -> String {
        string(wholeSeconds: Int(date.timeIntervalSince1970.rounded(.down)))
    }

    /// Formats as `YYYY-MM-DDTHH:MM:SSZ`, rounded to the nearest second (half a second rounds up):
    /// a computed instant such as a moonrise.
    public static func string(nearestTo date: Date) -> String {
        string(wholeSeconds: Int((date.timeIntervalSince1970 + 0.5).rounded(.down)))
    }

    private static func string(wholeSeconds total: Int) -> String {
        let (days, secondsOfDay) = (total.floorDiv(86_400), total.floorMod(86_400))
        let (year, month, day) = CivilDate.date(daysSinceUnixEpoch: days)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(year)-\(two(month))-\(two(day))T\(two(secondsOfDay / 3600)):\(two(secondsOfDay / 60 % 60)):\(two(secondsOfDay % 60))Z"
    }

    private static func daysInMonth(year: Int, month: Int) -> Int {
        CivilDate.daysSinceUnixEpoch(year: month == 12 ? year + 1 : year, month: month % 12 + 1, day: 1)
            - CivilDate.daysSinceUnixEpoch(year: year, month: month, day: 1)
    }

}

/// Proleptic Gregorian dates as days from 1970-01-01, and back.
public enum CivilDate {
    /// Days from 1970-01-01 to a proleptic Gregorian date.
    public static func daysSinceUnixEpoch(year: Int, month: Int, day: Int) -> Int {
        // Count from 1 March so the leap day falls at the end of the counting year.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of `daysSinceUnixEpoch`.
    static func date(daysSinceUnixEpoch: Int) -> (year: Int, month: Int, day: Int) {
        let z = daysSinceUnixEpoch + 719_468
        let era = z.floorDiv(146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153          // 0 = March
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

private extension Int {
    func floorDiv(_ d: Int) -> Int { (self >= 0 ? self : self - d + 1) / d }
    func floorMod(_ d: Int) -> Int { self - floorDiv(d) * d }
}
