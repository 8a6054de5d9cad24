import Foundation

/// A point on the IERS 2010 ellipsoid at elevation 0 (the reference ignores the site elevation).
struct Observer: Sendable {
    private static let equatorialRadiusKm = 6_378.1366
    private static let inverseFlattening = 298.25642

    /// Earth-fixed (ITRS) position, km.
    let position: Vector3
    /// Earth-fixed velocity due to the Earth's rotation, km/day.
    let velocity: Vector3
    /// Unit normal to the ellipsoid (geodetic zenith), ITRS.
    let zenith: Vector3

    init(latitudeDegrees: Double, longitudeDegrees: Double) {
        let (lat, lon) = (latitudeDegrees * Angle.radiansPerDegree, longitudeDegrees * Angle.radiansPerDegree)
        let oneMinusFlatteningSquared = pow(1 - 1 / Self.inverseFlattening, 2)
        let c = 1 / (cos(lat) * cos(lat) + sin(lat) * sin(lat) * oneMinusFlatteningSquared).squareRoot()
        let s = oneMinusFlatteningSquared * c
        let a = Self.equatorialRadiusKm
        position = Vector3(a * c * cos(lat) * cos(lon), a * c * cos(lat) * sin(lon), a * s * sin(lat))
        velocity = EarthOrientation.angularVelocity * Vector3(-position.y, position.x, 0)
        zenith = Vector3(cos(lat) * cos(lon), cos(lat) * sin(lon), sin(lat))
    }
}
