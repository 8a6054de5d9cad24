import Foundation
import Testing
@testable import Astronomy

@Suite struct EphemerisTests {
    @Test func bundledExcerptLoadsAndCoversTheRange() throws {
        try AstronomyData.preload()
        let coverage = try Ephemeris.bundled.get().coverage
        #expect(coverage.lowerBound <= 2447892.5 && coverage.upperBound >= 2471184.5)
    }

    @Test func rejectsDataThatIsNotAnExcerpt() {
        #expect(throws: EphemerisError.malformed("bad magic")) { try Ephemeris(data: Data("nope".utf8)) }
        #expect(throws: EphemerisError.malformed("truncated")) { try Ephemeris(data: Data("DE421EX1".utf8)) }
    }
}
