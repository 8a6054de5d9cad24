import Foundation

/// Cartesian 3-vector (km, km/day or unitless, depending on use).
typealias Vector3 = SIMD3<Double>

extension SIMD3 where Scalar == Double {
    func dot(_ other: Vector3) -> Double { (self * other).sum() }
    var length: Double { dot(self).squareRoot() }
}

/// Row-major 3x3 rotation matrix.
struct Matrix3: Sendable {
    var rows: (Vector3, Vector3, Vector3)

    static let identity = Matrix3(rows: (Vector3(1, 0, 0), Vector3(0, 1, 0), Vector3(0, 0, 1)))

    /// Frame rotation about the x axis by `angle` (radians): rotates the axes, not the vector.
    static func aboutX(_ angle: Double) -> Matrix3 {
        let (s, c) = (sin(angle), cos(angle))
        return Matrix3(rows: (Vector3(1, 0, 0), Vector3(0, c, s), Vector3(0, -s, c)))
    }

    static func aboutY(_ angle: Double) -> Matrix3 {
        let (s, c) = (sin(angle), cos(angle))
        return Matrix3(rows: (Vector3(c, 0, -s), Vector3(0, 1, 0), Vector3(s, 0, c)))
    }

    static func aboutZ(_ angle: Double) -> Matrix3 {
        let (s, c) = (sin(angle), cos(angle))
        return Matrix3(rows: (Vector3(c, s, 0), Vector3(-s, c, 0), Vector3(0, 0, 1)))
    }

    /// M · v
    func apply(_ v: Vector3) -> Vector3 {
        Vector3(rows.0.dot(v), rows.1.dot(v), rows.2.dot(v))
    }

    /// Mᵀ · v (the inverse rotation).
    func applyTransposed(_ v: Vector3) -> Vector3 {
        rows.0 * v.x + rows.1 * v.y + rows.2 * v.z
    }

    static func * (a: Matrix3, b: Matrix3) -> Matrix3 {
        Matrix3(rows: (b.applyTransposed(a.rows.0), b.applyTransposed(a.rows.1), b.applyTransposed(a.rows.2)))
    }
}

enum Angle {
    static let radiansPerArcsecond = Double.pi / 648_000
    static let radiansPerDegree = Double.pi / 180
}
