// Times one `/events` computation and one two-month moon call, in-process.
// Run: swift run -c release AstronomyBench [runs]
import Astronomy
import Foundation

let runs = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 200

/// Median and 99th percentile of `runs` timings of `body`, milliseconds.
func measure(_ name: String, _ body: () throws -> Int) rethrows {
    let coldStart = DispatchTime.now().uptimeNanoseconds
    _ = try body()   // warm-up; the very first call also loads the ephemeris resource
    let cold = Double(DispatchTime.now().uptimeNanoseconds - coldStart) / 1e6
    var samples: [Double] = []
    var checksum = 0
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        checksum &+= try body()
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    samples.sort()
    let p50 = samples[samples.count / 2]
    let p99 = samples[min(samples.count - 1, Int(Double(samples.count) * 0.99))]
    print(String(format: "%-44@ p50 %8.3f ms   p99 %8.3f ms   first call %7.3f ms   (%d runs, %d items)",
                 name as NSString, p50, p99, cold, runs, checksum / runs))
}

// The same inputs as Tools/ephemeris/bench_reference.py.
try measure("/events  lat 34.459 lng -119.681 LA 2026-08-22") {
    try SiteEvents.compute(latitude: 34.459375, longitude: -119.681172,
                           timeZone: "America/Los_Angeles", when: 1787390563.5161679).events.count
}
try measure("moon     lat 34.459 lng -119.681 2026-07-01..09-01") {
    try MoonRiseSetIllumination.compute(latitude: 34.459375, longitude: -119.681172,
                                        start: "2026-07-01T00:00:00Z", end: "2026-09-01T00:00:00Z").count
}
