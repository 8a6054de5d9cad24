import Foundation

/// One body's chain of Chebyshev records, as stored in a JPL SPK type 2 segment: equal-length
/// records, each holding `coefficientCount` coefficients per axis for positions in km.
struct ChebyshevSegment: Sendable {
    let firstRecordStart: Double   // TDB days since J2000
    let recordLength: Double       // days
    let coefficientCount: Int
    let recordCount: Int
    let coefficients: [Double]     // per record: x(n), y(n), z(n)

    /// Days since J2000 at which the reference reads the segment: jplephem (2.17) still answers for
    /// up to one record length past the last record, from that record's polynomial extrapolated
    /// (`locate` does the same).
    var readableSpan: Range<Double> {
        firstRecordStart ..< firstRecordStart + recordLength * Double(recordCount + 1)
    }

    /// Record index and normalised time in [-1, 1] (beyond 1 past the last record) for `days` since J2000.
    private func locate(_ days: Double) -> (record: Int, x: Double) {
        let offset = (days - firstRecordStart) / recordLength
        let record = min(max(Int(offset.rounded(.down)), 0), recordCount - 1)
        return (record, 2 * (offset - Double(record)) - 1)
    }

    func position(at days: Double) -> Vector3 {
        let (record, x) = locate(days)
        let n = coefficientCount
        return coefficients.withUnsafeBufferPointer { all in
            let base = record * 3 * n
            var sum = Vector3(all[base], all[base + n], all[base + 2 * n])
            var (previous, current) = (1.0, x)
            for k in 1..<n {
                sum += Vector3(all[base + k], all[base + n + k], all[base + 2 * n + k]) * current
                (previous, current) = (current, 2 * x * current - previous)
            }
            return sum
        }
    }

    /// Position (km) and velocity (km/day).
    func state(at days: Double) -> (position: Vector3, velocity: Vector3) {
        let (record, x) = locate(days)
        let n = coefficientCount
        return coefficients.withUnsafeBufferPointer { all in
            let base = record * 3 * n
            var position = Vector3(all[base], all[base + n], all[base + 2 * n])
            var rate = Vector3.zero
            // T_k and its derivative T'_k, advanced by the Chebyshev recurrences.
            var (tPrevious, t) = (1.0, x)
            var (dPrevious, d) = (0.0, 1.0)
            for k in 1..<n {
                let c = Vector3(all[base + k], all[base + n + k], all[base + 2 * n + k])
                position += c * t
                rate += c * d
                (dPrevious, d) = (d, 2 * t + 2 * x * d - dPrevious)
                (tPrevious, t) = (t, 2 * x * t - tPrevious)
            }
            return (position, rate * (2 / recordLength))
        }
    }
}

public enum EphemerisError: Error, Sendable, Equatable {
    case resourceMissing
    case malformed(String)
}

/// Public handle on the shipped ephemeris.
public enum AstronomyData {
    /// Loads the DE421 excerpt now (≈ 20 ms, once per process) instead of in the first request;
    /// also tells a server at startup whether the resource is usable.
    public static func preload() throws(EphemerisError) {
        _ = try Ephemeris.bundled.get()
    }
}

/// The DE421 excerpt shipped as a resource (see Tools/ephemeris/make_excerpt.py for the layout).
/// Positions are barycentric (ICRS), in km, at TT Julian dates.
struct Ephemeris: Sendable {
    let sun: ChebyshevSegment
    let earthMoonBarycenter: ChebyshevSegment
    let moonFromBarycenter: ChebyshevSegment
    /// Earth's offset from the Earth–Moon barycentre is −earthPerMoon × the Moon's.
    let earthPerMoon: Double

    /// Loaded once per process.
    static let bundled: Result<Ephemeris, EphemerisError> = Result {
        guard let url = Bundle.module.url(forResource: "de421-excerpt", withExtension: "bin"),
              let data = try? Data(contentsOf: url, options: .mappedIfSafe)
        else { throw EphemerisError.resourceMissing }
        return try Ephemeris(data: data)
    }.mapError { $0 as? EphemerisError ?? .resourceMissing }

    /// `readableSpan` in dates, for error messages.
    static let spanDescription = "1899-07-29 … 2053-10-13"

    /// TT Julian dates at which the reference reads every body: all of DE421 (1899-07-29 …
    /// 2053-10-09) and four days more, the length of the Moon's records, extrapolated.
    var readableSpan: Range<Double> {
        let spans = [sun.readableSpan, earthMoonBarycenter.readableSpan, moonFromBarycenter.readableSpan]
        let lower = spans.map(\.lowerBound).max()! + TimeScales.j2000
        let upper = spans.map(\.upperBound).min()! + TimeScales.j2000
        return lower..<upper
    }

    /// Whether the reference reads every position needed to see `body` from the Earth at the TT
    /// instants from `startTT` to `endTT`: the body's own positions are read one light time earlier.
    func covers(from startTT: Double, to endTT: Double, observing body: Body) -> Bool {
        readableSpan.contains(startTT - body.maximumLightTimeDays) && readableSpan.contains(endTT)
    }

    func sunPosition(ttJulianDate: Double) -> Vector3 {
        sun.position(at: ttJulianDate - TimeScales.j2000)
    }

    func moonPosition(ttJulianDate: Double) -> Vector3 {
        let days = ttJulianDate - TimeScales.j2000
        return earthMoonBarycenter.position(at: days) + moonFromBarycenter.position(at: days)
    }

    func earthState(ttJulianDate: Double) -> (position: Vector3, velocity: Vector3) {
        let days = ttJulianDate - TimeScales.j2000
        let barycenter = earthMoonBarycenter.state(at: days)
        let moon = moonFromBarycenter.state(at: days)
        return (barycenter.position - earthPerMoon * moon.position,
                barycenter.velocity - earthPerMoon * moon.velocity)
    }
}

extension Ephemeris {
    init(data: Data) throws(EphemerisError) {
        var reader = LittleEndianReader(data: data)
        guard reader.bytes(8) == Array("DE421EX1".utf8) else { throw .malformed("bad magic") }
        earthPerMoon = try reader.float64()
        let count = try reader.uint32()
        var headers: [(target: Int32, n: Int32, records: Int32, start: Double, length: Double)] = []
        for _ in 0..<count {
            let target = try reader.int32()
            _ = try reader.int32() // centre: implied by the target
            headers.append((target, try reader.int32(), try reader.int32(), try reader.float64(), try reader.float64()))
        }
        var segments: [Int32: ChebyshevSegment] = [:]
        for header in headers {
            let values = Int(header.records) * 3 * Int(header.n)
            segments[header.target] = ChebyshevSegment(
                firstRecordStart: header.start, recordLength: header.length,
                coefficientCount: Int(header.n), recordCount: Int(header.records),
                coefficients: try reader.float64s(values))
        }
        guard let sun = segments[10], let barycenter = segments[3], let moon = segments[301] else {
            throw .malformed("missing Sun, Earth–Moon barycentre or Moon segment")
        }
        self.sun = sun
        self.earthMoonBarycenter = barycenter
        self.moonFromBarycenter = moon
    }
}

/// Sequential reader of the excerpt's little-endian fields.
private struct LittleEndianReader {
    let data: Data
    var offset = 0

    mutating func bytes(_ count: Int) -> [UInt8]? {
        guard offset + count <= data.count else { return nil }
        defer { offset += count }
        return Array(data[data.startIndex + offset ..< data.startIndex + offset + count])
    }

    mutating func uint64() throws(EphemerisError) -> UInt64 {
        guard let raw = bytes(8) else { throw .malformed("truncated") }
        return raw.reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    mutating func uint32() throws(EphemerisError) -> UInt32 {
        guard let raw = bytes(4) else { throw .malformed("truncated") }
        return raw.reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func int32() throws(EphemerisError) -> Int32 { Int32(bitPattern: try uint32()) }

    mutating func float64() throws(EphemerisError) -> Double { Double(bitPattern: try uint64()) }

    mutating func float64s(_ count: Int) throws(EphemerisError) -> [Double] {
        guard offset + count * 8 <= data.count else { throw .malformed("truncated coefficients") }
        let start = data.startIndex + offset
        offset += count * 8
        return [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            data[start ..< start + count * 8].withUnsafeBytes { raw in
                for i in 0..<count {
                    buffer[i] = Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)))
                }
            }
            initialized = count
        }
    }
}
