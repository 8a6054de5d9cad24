import Foundation
import PTRCore

/// Conversions between the time scales the reference uses: UTC (as Unix seconds), TAI, TT and UT1.
/// Julian dates are plain `Double`s in the named scale; TDB is taken equal to TT (they differ by
/// < 1.7 ms, which moves the Sun and Moon by < 1 mas).
public enum TimeScales {
    public static let secondsPerDay = 86_400.0
    /// Julian date of the Unix epoch 1970-01-01T00:00:00.
    public static let unixEpochJulianDate = 2_440_587.5
    /// Julian date of J2000.0 (in TT).
    public static let j2000 = 2_451_545.0
    /// TT − TAI, in days.
    public static let ttMinusTAIDays = 32.184 / secondsPerDay

    /// (first UTC day of validity as days since 1970, TAI − UTC in seconds).
    private static let leapSeconds: [(unixDay: Int, offset: Double)] = [
        (1972, 1, 10), (1972, 7, 11), (1973, 1, 12), (1974, 1, 13), (1975, 1, 14), (1976, 1, 15),
        (1977, 1, 16), (1978, 1, 17), (1979, 1, 18), (1980, 1, 19), (1981, 7, 20), (1982, 7, 21),
        (1983, 7, 22), (1985, 7, 23), (1988, 1, 24), (1990, 1, 25), (1991, 1, 26), (1992, 7, 27),
        (1993, 7, 28), (1994, 7, 29), (1996, 1, 30), (1997, 7, 31), (1999, 1, 32), (2006, 1, 33),
        (2009, 1, 34), (2012, 7, 35), (2015, 7, 36), (2017, 1, 37),
    ].map { (CivilDate.daysSinceUnixEpoch(year: $0.0, month: $0.1, day: 1), Double($0.2)) }

    /// TAI − UTC in seconds at a UTC instant. Before 1972 it is 10 s, as in skyfield 1.42: its
    /// leap-second table starts at 1972 and `np.interp` holds the first value for every earlier
    /// instant (the historic 1961–1971 offsets, fractional and drifting, are not used).
    public static func taiMinusUTC(unixSeconds: Double) -> Double {
        let day = (unixSeconds / secondsPerDay).rounded(.down)
        return leapSeconds.last { Double($0.unixDay) <= day }?.offset ?? 10
    }

    /// TAI Julian date of a UTC instant given as Unix seconds.
    public static func taiJulianDate(unixSeconds: Double) -> Double {
        (unixSeconds + taiMinusUTC(unixSeconds: unixSeconds)) / secondsPerDay + unixEpochJulianDate
    }

    /// Unix seconds (UTC) of a TAI Julian date.
    public static func unixSeconds(taiJulianDate: Double) -> Double {
        let taiSeconds = (taiJulianDate - unixEpochJulianDate) * secondsPerDay
        // The offset valid at an instant is looked up with that instant's own UTC value.
        let guess = taiSeconds - taiMinusUTC(unixSeconds: taiSeconds)
        return taiSeconds - taiMinusUTC(unixSeconds: guess)
    }

    static func ttJulianDate(unixSeconds: Double) -> Double {
        taiJulianDate(unixSeconds: unixSeconds) + ttMinusTAIDays
    }

    static func unixSeconds(ttJulianDate: Double) -> Double {
        unixSeconds(taiJulianDate: ttJulianDate - ttMinusTAIDays)
    }

    /// ΔT = TT − UT1 in seconds, interpolated linearly in the table skyfield 1.42 produces
    /// (clamped to the table's ends, which cover the ephemeris' readable span).
    static func deltaT(ttJulianDate: Double) -> Double {
        let table = DeltaTTable.seconds
        let position = (ttJulianDate - DeltaTTable.firstJulianDateTT) / DeltaTTable.stepDays
        guard position > 0 else { return table[0] }
        guard position < Double(table.count - 1) else { return table[table.count - 1] }
        let index = Int(position)
        let fraction = position - Double(index)
        return table[index] + (table[index + 1] - table[index]) * fraction
    }

    static func ut1JulianDate(ttJulianDate: Double) -> Double {
        ttJulianDate - deltaT(ttJulianDate: ttJulianDate) / secondsPerDay
    }
}
