import Foundation

/// The moon endpoint's timestamp format `YYYY-MM-DDTHH:MM:SSZ` (UTC, whole seconds, literal Z).
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
        let days = TimeScales.daysSinceUnixEpoch(year: year, month: month, day: day)
        return Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3_600 + minute * 60 + second))
    }

    /// Formats as `YYYY-MM-DDTHH:MM:SSZ`, rounded to the nearest second (half a second rounds up).
    public static func string(from date: Date) -> String {
        let total = Int((date.timeIntervalSince1970 + 0.5).rounded(.down))
        let (days, secondsOfDay) = (total.floorDiv(86_400), total.floorMod(86_400))
        let (year, month, day) = civilDate(daysSinceUnixEpoch: days)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(year)-\(two(month))-\(two(day))T\(two(secondsOfDay / 3600)):\(two(secondsOfDay / 60 % 60)):\(two(secondsOfDay % 60))Z"
    }

    private static func daysInMonth(year: Int, month: Int) -> Int {
        TimeScales.daysSinceUnixEpoch(year: month == 12 ? year + 1 : year, month: month % 12 + 1, day: 1)
            - TimeScales.daysSinceUnixEpoch(year: year, month: month, day: 1)
    }

    /// Inverse of `TimeScales.daysSinceUnixEpoch`.
    private static func civilDate(daysSinceUnixEpoch: Int) -> (year: Int, month: Int, day: Int) {
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
