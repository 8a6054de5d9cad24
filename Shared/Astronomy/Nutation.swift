import Foundation

/// One luni-solar term of the IAU 2000 nutation series.
struct NutationTerm: Sendable {
    /// Integer multipliers of the fundamental arguments (l, l', F, D, Ω).
    let multipliers: (Int, Int, Int, Int, Int)
    /// Δψ = S·sin + S'·t·sin + C'·cos (0.1 µas).
    let longitude: (Double, Double, Double)
    /// Δε = C·cos + C'·t·cos + S'·sin (0.1 µas).
    let obliquity: (Double, Double, Double)
}

/// IAU 2000B nutation: the 77 largest luni-solar terms with linear fundamental arguments, plus
/// constant offsets standing in for the planetary terms (as skyfield's `iau2000b`).
enum Nutation {
    private static let radiansPerUnit = Angle.radiansPerArcsecond * 1e-7   // 0.1 µas

    /// Fundamental arguments (Simon et al. 1994): value at J2000 and rate per Julian century, arcsec.
    private static let fundamentalArguments: [(Double, Double)] = [
        (485_868.249036, 1_717_915_923.2178),    // l: mean anomaly of the Moon
        (1_287_104.79305, 129_596_581.0481),     // l': mean anomaly of the Sun
        (335_779.526232, 1_739_527_262.8478),    // F: Moon's mean longitude minus its node's
        (1_072_260.70369, 1_602_961_601.2090),   // D: mean elongation of the Moon from the Sun
        (450_160.398036, -6_962_890.5431),       // Ω: longitude of the Moon's ascending node
    ]
    /// Largest |multiplier| of a fundamental argument in the 77 terms.
    private static let maxMultiplier = 4
    private static let planetaryOffset = (longitude: -0.000135e7, obliquity: 0.000388e7)

    /// (Δψ, Δε) in radians at a TT Julian date.
    static func angles(ttJulianDate: Double) -> (longitude: Double, obliquity: Double) {
        let t = (ttJulianDate - TimeScales.j2000) / 36_525
        // Each term's argument is a small-integer combination of the five angles, so its sine and
        // cosine come from products of precomputed e^(i·k·angle): a few multiplications instead of
        // two libm calls per term (nutation is most of an altitude evaluation's cost otherwise).
        let span = 2 * maxMultiplier + 1
        var (dpsi, deps) = planetaryOffset
        withUnsafeTemporaryAllocation(of: UnitComplex.self, capacity: 5 * span) { powers in
            for (j, argument) in fundamentalArguments.enumerated() {
                let angle = (argument.0 + argument.1 * t).truncatingRemainder(dividingBy: 1_296_000)
                    * Angle.radiansPerArcsecond
                let unit = UnitComplex(cos: cos(angle), sin: sin(angle))
                let zero = j * span + maxMultiplier
                powers.initializeElement(at: zero, to: UnitComplex(cos: 1, sin: 0))
                for k in 1...maxMultiplier {
                    powers.initializeElement(at: zero + k, to: powers[zero + k - 1] * unit)
                    powers.initializeElement(at: zero - k, to: powers[zero + k].conjugate)
                }
            }
            for term in terms {
                let m = term.multipliers
                let e = powers[maxMultiplier + m.0] * powers[span + maxMultiplier + m.1]
                    * powers[2 * span + maxMultiplier + m.2] * powers[3 * span + maxMultiplier + m.3]
                    * powers[4 * span + maxMultiplier + m.4]
                dpsi += (term.longitude.0 + term.longitude.1 * t) * e.sin + term.longitude.2 * e.cos
                deps += (term.obliquity.0 + term.obliquity.1 * t) * e.cos + term.obliquity.2 * e.sin
            }
        }
        return (dpsi * radiansPerUnit, deps * radiansPerUnit)
    }

    /// Rotation from the mean to the true equator and equinox of date.
    static func matrix(meanObliquity eps: Double, longitude dpsi: Double, obliquity deps: Double) -> Matrix3 {
        Matrix3.aboutX(-(eps + deps)) * Matrix3.aboutZ(-dpsi) * Matrix3.aboutX(eps)
    }
}

/// A point on the unit circle, e^(i·θ), multiplied as a complex number.
private struct UnitComplex {
    var cos: Double
    var sin: Double

    var conjugate: UnitComplex { UnitComplex(cos: cos, sin: -sin) }

    static func * (a: UnitComplex, b: UnitComplex) -> UnitComplex {
        UnitComplex(cos: a.cos * b.cos - a.sin * b.sin, sin: a.sin * b.cos + a.cos * b.sin)
    }
}
