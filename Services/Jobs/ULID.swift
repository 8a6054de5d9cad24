import Foundation
import Synchronization

/// A 26-character ULID (spec/jobs.md §2.2): 48 bits of Unix milliseconds then 80 random bits, in
/// Crockford base32. Byte order of the text is creation order, which the queues rely on.
struct ULID: Sendable, Hashable, CustomStringConvertible {
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    let milliseconds: Int64
    /// The 80 random bits: `high` holds the top 16.
    let high: UInt16
    let low: UInt64

    var description: String {
        // 130 bits in 26 characters: the top 2 bits of the time part are zero.
        var characters = [UInt8](repeating: 0, count: 26)
        var time = UInt64(milliseconds)
        for index in stride(from: 9, through: 0, by: -1) {
            characters[index] = Self.alphabet[Int(time & 31)]
            time >>= 5
        }
        var randomLow = low, randomHigh = UInt64(high)
        for index in stride(from: 25, through: 10, by: -1) {
            characters[index] = Self.alphabet[Int(randomLow & 31)]
            randomLow = (randomLow >> 5) | ((randomHigh & 31) << 59)
            randomHigh >>= 5
        }
        return String(decoding: characters, as: UTF8.self)
    }

    /// The millisecond time encoded in a ULID's first 10 characters, nil when they are not base32.
    static func milliseconds(of text: String) -> Int64? {
        let characters = Array(text.utf8.prefix(10))
        guard characters.count == 10 else { return nil }
        var value: Int64 = 0
        for character in characters {
            guard let digit = alphabet.firstIndex(of: character) else { return nil }
            value = value << 5 | Int64(digit)
        }
        return value
    }
}

/// Hands out ULIDs that increase strictly within this process: within one millisecond the random
/// part is incremented instead of redrawn (the recommended monotonic form), so one replica's jobs
/// keep their submission order. The random bits come from the system CSPRNG.
final class ULIDGenerator: Sendable {
    private let last = Mutex<ULID?>(nil)

    func next(now: Date = Date()) -> ULID {
        let milliseconds = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
        return last.withLock { last in
            var generator = SystemRandomNumberGenerator()
            var ulid = ULID(milliseconds: milliseconds, high: .random(in: .min ... .max, using: &generator),
                            low: .random(in: .min ... .max, using: &generator))
            if let previous = last, previous.milliseconds >= milliseconds {
                // Same millisecond (or the clock stepped back): continue after the previous one. An
                // overflow of the 80 bits moves on to the next millisecond.
                let (low, carry) = previous.low.addingReportingOverflow(1)
                let (high, overflow) = carry ? previous.high.addingReportingOverflow(1) : (previous.high, false)
                ulid = overflow ? ULID(milliseconds: previous.milliseconds + 1, high: 0, low: 0)
                                : ULID(milliseconds: previous.milliseconds, high: high, low: low)
            }
            last = ulid
            return ulid
        }
    }
}
