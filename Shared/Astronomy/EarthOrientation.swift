import Foundation

/// Orientation of the Earth at one instant: GCRS → true equator of date → ITRS (no polar motion).
struct EarthOrientation {
    /// GCRS → true equator and equinox of date (nutation · precession · bias).
    let trueOfDate: Matrix3
    /// Greenwich apparent sidereal time, radians.
    let apparentSiderealTime: Double
    /// GCRS → ITRS.
    let terrestrial: Matrix3

    /// Earth's rotation rate used for the site's velocity, radians per day.
    static let angularVelocity = 7.2921150e-5 * TimeScales.secondsPerDay

    init(ttJulianDate: Double) {
        let nutation = Nutation.angles(ttJulianDate: ttJulianDate)
        let meanObliquity = Precession.meanObliquity(ttJulianDate: ttJulianDate)
        trueOfDate = Nutation.matrix(meanObliquity: meanObliquity, longitude: nutation.longitude,
                                     obliquity: nutation.obliquity)
            * Precession.matrix(ttJulianDate: ttJulianDate) * Precession.frameBias
        // Equation of the equinoxes without its complementary terms (≤ 3 mas, i.e. ≤ 0.2 ms of time).
        let equationOfEquinoxes = nutation.longitude * cos(meanObliquity)
        apparentSiderealTime = Self.meanSiderealTime(ttJulianDate: ttJulianDate) + equationOfEquinoxes
        terrestrial = Matrix3.aboutZ(apparentSiderealTime) * trueOfDate
    }

    /// Greenwich mean sidereal time (radians): Earth rotation angle from UT1 plus the
    /// precession-in-RA polynomial (IERS 2003 / Capitaine et al.) in TDB ≈ TT centuries.
    static func meanSiderealTime(ttJulianDate: Double) -> Double {
        let du = TimeScales.ut1JulianDate(ttJulianDate: ttJulianDate) - TimeScales.j2000
        let turns = (0.7790572732640 + 0.00273781191135448 * du + du)
            .truncatingRemainder(dividingBy: 1)
        let t = (ttJulianDate - TimeScales.j2000) / 36_525
        let arcsec = 0.014506 + ((((-0.0000000368 * t - 0.000029956) * t - 0.00000044) * t
            + 1.3915817) * t + 4612.156534) * t
        return 2 * .pi * turns + arcsec * Angle.radiansPerArcsecond
    }
}
