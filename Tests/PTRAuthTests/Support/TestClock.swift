import Foundation
import PTRTesting

/// A clock that moves only when told to, for expiry and cache tests.
final class TestClock: Sendable {
    private let date: Locked<Date>

    init(_ start: Date = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))) {
        date = Locked(start)
    }

    var now: Date { date.current }

    func advance(by seconds: TimeInterval) {
        date.withLock { $0.addTimeInterval(seconds) }
    }

    var function: @Sendable () -> Date { { self.now } }
}
