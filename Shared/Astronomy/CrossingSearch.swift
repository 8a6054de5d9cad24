/// A time at which a body's altitude crosses a threshold.
struct Crossing: Sendable {
    /// TT Julian date of the crossing.
    let ttJulianDate: Double
    /// True when the body is above the threshold afterwards ("rise").
    let isRising: Bool
}

/// Threshold crossings found like skyfield's `find_discrete`: the state "above" (strictly) is
/// sampled on a fixed grid of TT instants, and every grid cell whose ends differ is refined.
/// Two crossings inside one cell are invisible, exactly as in the reference, so the grid must be
/// the reference's.
enum CrossingSearch {
    /// Convergence of the refined crossing time (the reference stops at a 1 ms bracket).
    static let tolerance = 0.5e-3 / TimeScales.secondsPerDay

    /// `count` equally spaced instants from `start` to `end`, both included (numpy `linspace`).
    static func grid(from start: Double, to end: Double, count: Int) -> [Double] {
        let step = (end - start) / Double(count - 1)
        return (0..<count).map { $0 == count - 1 ? end : start + Double($0) * step }
    }

    /// Crossings of `threshold` by `value`, given its samples on `grid`, in chronological order.
    static func crossings(grid: [Double], samples: [Double], threshold: Double,
                          value: (Double) -> Double) -> [Crossing] {
        var result: [Crossing] = []
        for i in 1..<grid.count {
            let (wasAbove, isAbove) = (samples[i - 1] > threshold, samples[i] > threshold)
            guard wasAbove != isAbove else { continue }
            let time = root(of: { value($0) - threshold }, between: grid[i - 1], samples[i - 1] - threshold,
                            and: grid[i], samples[i] - threshold)
            result.append(Crossing(ttJulianDate: time, isRising: isAbove))
        }
        return result
    }

    /// Root of a smooth `f` bracketed by [a, b] (f(a), f(b) of opposite sign, or one ≤ 0 < other),
    /// by the Illinois variant of regula falsi; works in days relative to `a` to keep precision.
    static func root(of f: (Double) -> Double, between a: Double, _ fa: Double,
                     and b: Double, _ fb: Double) -> Double {
        var (low, fLow, high, fHigh) = (0.0, fa, b - a, fb)
        var estimate = high
        var lastMovedEnd = 0
        for _ in 0..<60 {
            let next = (low * fHigh - high * fLow) / (fHigh - fLow)
            let converged = abs(next - estimate) < tolerance
            estimate = next
            if converged || high - low < tolerance { break }
            let fNext = f(a + next)
            if (fNext > 0) == (fHigh > 0) {
                (high, fHigh) = (next, fNext)
                if lastMovedEnd == 1 { fLow /= 2 }
                lastMovedEnd = 1
            } else {
                (low, fLow) = (next, fNext)
                if lastMovedEnd == -1 { fHigh /= 2 }
                lastMovedEnd = -1
            }
        }
        return a + estimate
    }
}
