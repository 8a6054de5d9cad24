import PTRTesting
import Testing
@testable import PTRStorage

@Suite struct LeaseDeadlinesTests {
    /// A call's task often starts (on another thread) before its caller has armed the deadline;
    /// such a call must run, never be cancelled.
    @Test("calls that start at once all run to their end")
    func callsStartingAtOnceRun() async throws {
        let deadlines = LeaseDeadlines(checkingEvery: .milliseconds(5))
        let ticker = Task { await deadlines.run() }
        defer { ticker.cancel() }
        let finished = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    var count = 0
                    for _ in 0..<2000 {
                        count += try await deadlines.lease(within: .seconds(30)) { start in
                            try start()
                            // Still running when the caller arms the deadline: the query's time.
                            try await Task.sleep(for: .microseconds(50))
                            return 1
                        }
                    }
                    return count
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(finished == 32_000)
    }

    @Test("a call still waiting at its deadline is cancelled, fails as unavailable, and never starts")
    func lateCallNeverStarts() async throws {
        let deadlines = LeaseDeadlines(checkingEvery: .milliseconds(5))
        let ticker = Task { await deadlines.run() }
        defer { ticker.cancel() }
        let connection = AsyncStream<Void>.makeStream()
        let started = Locked(false)
        let waiter = Task {
            try await deadlines.lease(within: .milliseconds(50)) { start in
                // Waits for a "connection" that comes only after the deadline.
                for await _ in connection.stream {}
                try start()
                started.withLock { $0 = true }
            }
        }
        await #expect(throws: DatabaseUnavailable.self) { try await waiter.value }
        connection.continuation.finish()
        #expect(started.current == false)
    }
}
