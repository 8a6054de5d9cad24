import Foundation

/// IAU 2006 precession (Capitaine et al. 2003 four-angle form) and the ICRS frame bias.
enum Precession {
    private static let obliquityAtJ2000 = 84_381.406   // arcsec

    /// Mean obliquity of the ecliptic (radians) at a TT (≈ TDB) Julian date.
    static func meanObliquity(ttJulianDate: Double) -> Double {
        let t = centuries(ttJulianDate)
        let arcsec = ((((-0.0000000434 * t - 0.000000576) * t + 0.00200340) * t - 0.0001831) * t
            - 46.836769) * t + obliquityAtJ2000
        return arcsec * Angle.radiansPerArcsecond
    }

    /// Rotation from the mean equator and equinox of J2000 to those of date:
    /// R3(χA) · R1(−ωA) · R3(−ψA) · R1(ε0).
    static func matrix(ttJulianDate: Double) -> Matrix3 {
        let t = centuries(ttJulianDate)
        let psiA = ((((-0.0000000951 * t + 0.000132851) * t - 0.00114045) * t - 1.0790069) * t
            + 5038.481507) * t
        let omegaA = ((((0.0000003337 * t - 0.000000467) * t - 0.00772503) * t + 0.0512623) * t
            - 0.025754) * t + obliquityAtJ2000
        let chiA = ((((-0.0000000560 * t + 0.000170663) * t - 0.00121197) * t - 2.3814292) * t
            + 10.556403) * t
        let r = Angle.radiansPerArcsecond
        return Matrix3.aboutZ(chiA * r) * Matrix3.aboutX(-omegaA * r)
            * Matrix3.aboutZ(-psiA * r) * Matrix3.aboutX(obliquityAtJ2000 * r)
    }

    /// ICRS → mean equator and equinox of J2000 (IERS 2003 frame bias: ξ0, η0, dα0).
    static let frameBias: Matrix3 = {
        let r = Angle.radiansPerArcsecond
        let (xi0, eta0, da0) = (-0.0166170 * r, -0.0068192 * r, -0.01460 * r)
        return Matrix3.aboutX(-eta0) * Matrix3.aboutY(xi0) * Matrix3.aboutZ(da0)
    }()

    private static func centuries(_ ttJulianDate: Double) -> Double {
        (ttJulianDate - TimeScales.j2000) / 36_525
    }
}
