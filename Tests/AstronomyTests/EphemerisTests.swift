import Foundation
import Testing
@testable import Astronomy

@Suite struct EphemerisTests {
    /// All of DE421 (1899-07-29 … 2053-10-09) and the Moon's last record extrapolated for 4 days.
    @Test func bundledExcerptLoadsAndCoversAllOfDE421() throws {
        try AstronomyData.preload()
        #expect(try Ephemeris.bundled.get().readableSpan == 2414864.5..<2471188.5)
    }

    @Test func rejectsDataThatIsNotAnExcerpt() {
        #expect(throws: EphemerisError.malformed("bad magic")) { try Ephemeris(data: Data("nope".utf8)) }
        #expect(throws: EphemerisError.malformed("truncated")) { try Ephemeris(data: Data("DE421EX1".utf8)) }
    }
}
