import Foundation

/// The two bodies the service needs.
enum Body: Sendable {
    case sun, moon

    func barycentricPosition(_ ephemeris: Ephemeris, ttJulianDate: Double) -> Vector3 {
        switch self {
        case .sun: ephemeris.sunPosition(ttJulianDate: ttJulianDate)
        case .moon: ephemeris.moonPosition(ttJulianDate: ttJulianDate)
        }
    }

    /// Bound of the light time from the Earth, days: the Sun's is at most 507 s, the Moon's 1.4 s.
    var maximumLightTimeDays: Double {
        switch self {
        case .sun: 510 / TimeScales.secondsPerDay
        case .moon: 1.5 / TimeScales.secondsPerDay
        }
    }
}

/// Apparent places as skyfield's `observe(...).apparent()` computes them: light-time iteration,
/// then relativistic aberration for the observer's barycentric velocity. Gravitational deflection
/// is left out: for the Sun and Moon themselves it is below 0.01″ (< 1 ms on any crossing).
struct ApparentPlace {
    static let speedOfLight = 299_792.458 * TimeScales.secondsPerDay   // km/day

    let ephemeris: Ephemeris

    /// Vector from the observer to the body's light-time-corrected position, km.
    /// The observer is at `observerPosition` (barycentric) at TT Julian date `ttJulianDate`.
    func astrometric(_ body: Body, from observerPosition: Vector3, ttJulianDate: Double)
        -> (vector: Vector3, lightTime: Double)
    {
        var vector = body.barycentricPosition(ephemeris, ttJulianDate: ttJulianDate) - observerPosition
        var lightTime = 0.0
        for _ in 0..<10 {
            let next = vector.length / Self.speedOfLight
            if abs(next - lightTime) < 1e-12 { break }
            lightTime = next
            vector = body.barycentricPosition(ephemeris, ttJulianDate: ttJulianDate - lightTime) - observerPosition
        }
        return (vector, vector.length / Self.speedOfLight)
    }

    /// Aberration of light for an observer moving at `velocity` (km/day), skyfield/NOVAS formula.
    static func aberrated(_ vector: Vector3, lightTime: Double, velocity: Vector3) -> Vector3 {
        let distance = lightTime * speedOfLight
        let speed = velocity.length
        let beta = speed / speedOfLight
        let cosD = vector.dot(velocity) / (distance * speed)
        let inverseGamma = (1 - beta * beta).squareRoot()
        let p = beta * cosD
        let q = (1 + p / (1 + inverseGamma)) * lightTime
        return (vector * inverseGamma + velocity * q) / (1 + p)
    }
}

/// Apparent topocentric positions of the Sun and Moon for one site.
struct Topocentric: Sendable {
    let ephemeris: Ephemeris
    let observer: Observer

    init(ephemeris: Ephemeris, latitude: Double, longitude: Double) {
        self.ephemeris = ephemeris
        observer = Observer(latitudeDegrees: latitude, longitudeDegrees: longitude)
    }

    /// Apparent GCRS direction of `body` from the site, with the Earth's orientation at that instant.
    func apparent(_ body: Body, ttJulianDate: Double) -> (vector: Vector3, orientation: EarthOrientation) {
        let orientation = EarthOrientation(ttJulianDate: ttJulianDate)
        let earth = ephemeris.earthState(ttJulianDate: ttJulianDate)
        let sitePosition = orientation.terrestrial.applyTransposed(observer.position)
        let siteVelocity = orientation.terrestrial.applyTransposed(observer.velocity)
        let place = ApparentPlace(ephemeris: ephemeris)
        let (vector, lightTime) = place.astrometric(body, from: earth.position + sitePosition,
                                                     ttJulianDate: ttJulianDate)
        let apparent = ApparentPlace.aberrated(vector, lightTime: lightTime,
                                               velocity: earth.velocity + siteVelocity)
        return (apparent, orientation)
    }

    /// Apparent altitude of the body's centre above the geodetic horizon, degrees (no refraction).
    func altitude(_ body: Body, ttJulianDate: Double) -> Double {
        let (vector, orientation) = apparent(body, ttJulianDate: ttJulianDate)
        let zenith = orientation.terrestrial.applyTransposed(observer.zenith)
        let up = vector.dot(zenith)
        let horizontal = (vector - zenith * up).length
        return atan2(up, horizontal) / Angle.radiansPerDegree
    }

    /// Local apparent hour angle of the body, radians in (−π, π] (0 at upper transit).
    func hourAngle(_ body: Body, ttJulianDate: Double, longitudeDegrees: Double) -> Double {
        let (vector, orientation) = apparent(body, ttJulianDate: ttJulianDate)
        let equatorial = orientation.trueOfDate.apply(vector)
        let rightAscension = atan2(equatorial.y, equatorial.x)
        let angle = orientation.apparentSiderealTime + longitudeDegrees * Angle.radiansPerDegree - rightAscension
        return atan2(sin(angle), cos(angle))
    }
}
