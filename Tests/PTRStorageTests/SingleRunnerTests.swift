import Foundation
import PTRStorage
import PTRTesting
import Testing

/// `SingleRunner` across replicas: two pools on one database, as two processes of a service have.
@Suite struct SingleRunnerTests {
    struct Boom: Error {}

    /// Runs `body` with two running replicas of one fresh, migrated database of `backend`.
    static func withTwoReplicas(_ backend: TestBackend, _ body: @escaping @Sendable (Database, Database) async throws -> Void) async throws {
        try await TestDatabase.with(backend) { test in
            let (first, second) = (try test.open(), try test.open())
            try await withThrowingTaskGroup(of: Void.self) { group in
                for replica in [first, second] { group.addTask { try await replica.run() } }
                defer { group.cancelAll() }
                for replica in [first, second] { try await replica.migrate(service: "test", []) }
                try await body(first, second)
            }
        }
    }

    @Test("while one replica runs the work, the other skips it or waits in vain; work of another name runs", arguments: TestBackend.enabled)
    func otherReplicaSkips(backend: TestBackend) async throws {
        try await Self.withTwoReplicas(backend) { first, second async throws in
            let holding = AsyncStream<Void>.makeStream()
            let release = AsyncStream<Void>.makeStream()
            let holder = Task {
                try await SingleRunner(database: first, name: "sweep").run(waitingUpTo: .zero) { () -> String in
                    holding.continuation.finish()
                    for await _ in release.stream {}
                    return "first"
                }
            }
            for await _ in holding.stream {}
            let sweep = SingleRunner(database: second, name: "sweep")
            #expect(try await sweep.run(waitingUpTo: .zero) { "second" } == nil, "one try: skipped")
            let start = ContinuousClock.now
            #expect(try await sweep.run(waitingUpTo: .milliseconds(500)) { "second" } == nil, "waited, still held")
            #expect(ContinuousClock.now - start >= .milliseconds(500))
            #expect(try await SingleRunner(database: second, name: "expire").run(waitingUpTo: .zero) { "other" } == "other")
            release.continuation.finish()
            #expect(try await holder.value == "first")
            #expect(try await sweep.run(waitingUpTo: .zero) { "second" } == "second", "free again once the holder is done")
        }
    }

    @Test("runners that wait take turns: never two at once, every one runs", arguments: TestBackend.enabled)
    func waitersTakeTurns(backend: TestBackend) async throws {
        try await Self.withTwoReplicas(backend) { first, second async throws in
            let running = Locked((now: 0, most: 0, done: 0))
            let results = try await withThrowingTaskGroup(of: String?.self) { group in
                for index in 0..<6 {
                    let runner = SingleRunner(database: index.isMultiple(of: 2) ? first : second, name: "sweep")
                    group.addTask {
                        try await runner.run(waitingUpTo: .seconds(60)) { () -> String in
                            running.withLock { $0.now += 1; $0.most = max($0.most, $0.now) }
                            try await Task.sleep(for: .milliseconds(100))
                            running.withLock { $0.now -= 1; $0.done += 1 }
                            return "ran"
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results == Array(repeating: "ran", count: 6))
            #expect(running.current.most == 1)
            #expect(running.current.done == 6)
        }
    }

    @Test("work that throws releases it", arguments: TestBackend.enabled)
    func failureReleases(backend: TestBackend) async throws {
        try await Self.withTwoReplicas(backend) { first, second async throws in
            await #expect(throws: Boom.self) {
                try await SingleRunner(database: first, name: "sweep").run(waitingUpTo: .zero) { () -> Int in throw Boom() }
            }
            #expect(try await SingleRunner(database: second, name: "sweep").run(waitingUpTo: .zero) { 1 } == 1)
        }
    }

    @Test("SQLite: the lease of a holder that never finishes lapses, and its late release frees nothing")
    func leaseLapses() async throws {
        try await Self.withTwoReplicas(.sqlite) { first, second async throws in
            let holding = AsyncStream<Void>.makeStream()
            let release = AsyncStream<Void>.makeStream()
            let stuck = Task {
                try await SingleRunner(database: first, name: "sweep", lease: .milliseconds(300)).run(waitingUpTo: .zero) {
                    holding.continuation.finish()
                    for await _ in release.stream {}
                }
            }
            for await _ in holding.stream {}
            // (That another replica skips while a lease holds is shown above, with the default lease.)
            try await Task.sleep(for: .milliseconds(400))
            let sweep = SingleRunner(database: second, name: "sweep")
            let taken = AsyncStream<Void>.makeStream()
            let done = AsyncStream<Void>.makeStream()
            let takeover = Task {
                try await sweep.run(waitingUpTo: .zero) { () -> Int in
                    taken.continuation.finish()
                    for await _ in done.stream {}
                    return 2
                }
            }
            for await _ in taken.stream {}
            release.continuation.finish()
            _ = try await stuck.value
            #expect(try await SingleRunner(database: first, name: "sweep").run(waitingUpTo: .zero) { 3 } == nil,
                    "the lapsed holder's release left the new holder's lease in place")
            done.continuation.finish()
            #expect(try await takeover.value == 2)
        }
    }
}
