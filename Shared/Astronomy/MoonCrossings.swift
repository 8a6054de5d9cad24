/// Moon rise/set search shared by `/events` and the moon endpoint: skyfield's
/// `risings_and_settings` defaults (centre at −34′, no refraction, radius 0) sampled every 0.25 day.
enum MoonCrossings {
    static let horizonDegrees = -34.0 / 60
    static let stepDays = 0.25

    static func find(sky: Topocentric, startTT: Double, endTT: Double) -> [Crossing] {
        let count = Int((endTT - startTT) / stepDays) + 2
        let grid = CrossingSearch.grid(from: startTT, to: endTT, count: count)
        let altitude = { sky.altitude(.moon, ttJulianDate: $0) }
        return CrossingSearch.crossings(grid: grid, samples: grid.map(altitude),
                                        threshold: horizonDegrees, value: altitude)
    }
}
