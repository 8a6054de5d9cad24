import Synchronization

/// Deadlines for the start of Postgres calls: a call may begin only while its deadline has not
/// passed, and once it has begun it runs to its end.
///
/// postgres-nio's pool queues a lease until a connection comes (it fails it only after a minute of
/// failed connects) and withdraws it when the waiting task is cancelled. So each call leases in a
/// task of its own, and one ticker, run beside the pool, cancels the calls still waiting at their
/// deadline. A timer per call (a sleeping task racing the lease) cost about 90 µs of CPU per
/// request, most of it in libdispatch's timer thread; an entry in a table costs almost nothing.
final class LeaseDeadlines: Sendable {
    private enum Phase {
        /// Waiting for a connection; `cancel` withdraws the lease (nil until its task exists).
        case waiting(until: ContinuousClock.Instant, cancel: (@Sendable () -> Void)?)
        /// The deadline passed first: the call must not start.
        case expired
    }

    private struct Calls {
        var next: UInt64 = 0
        /// Calls not yet started; a call leaves the table when it starts or, once expired, ends.
        var phases: [UInt64: Phase] = [:]
    }

    private let calls = Mutex(Calls())
    private let tick: Duration

    init(checkingEvery tick: Duration) {
        self.tick = tick
    }

    /// How often to look for late calls: a twentieth of the timeout, between 5 and 100 ms, so a
    /// call gives up at most one tick after its deadline.
    static func tick(for timeout: Duration) -> Duration {
        min(max(timeout / 20, .milliseconds(5)), .milliseconds(100))
    }

    /// Runs `call` in a task of its own. `call` receives `start`, which it calls with the connection
    /// in hand: `start` throws `DatabaseUnavailable` when the deadline has passed, so nothing starts.
    func lease<T: Sendable>(
        within timeout: Duration,
        _ call: @escaping @Sendable (_ start: @escaping @Sendable () throws -> Void) async throws -> T
    ) async throws -> T {
        let id = calls.withLock { calls in
            calls.next += 1
            calls.phases[calls.next] = .waiting(until: .now + timeout, cancel: nil)
            return calls.next
        }
        let task = Task { try await call { try self.start(id) } }
        // The task may already have started (or failed) by now; it is cancelled here only when the
        // ticker expired the call before it could be handed its task.
        let expired = calls.withLock { calls in
            switch calls.phases[id] {
            case .waiting(let until, _)?:
                calls.phases[id] = .waiting(until: until, cancel: { task.cancel() })
                return false
            case .expired?: return true
            case nil: return false
            }
        }
        if expired { task.cancel() }
        do {
            let value = try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
            end(id)
            return value
        } catch {
            if end(id) { throw DatabaseUnavailable.noConnectionInTime }
            throw error
        }
    }

    /// Cancels the calls whose deadline has passed, every `tick`, until the task is cancelled.
    func run() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: tick)
            let now = ContinuousClock.now
            let late = calls.withLock { calls in
                var late: [@Sendable () -> Void] = []
                for (id, phase) in calls.phases {
                    guard case .waiting(let until, let cancel) = phase, until <= now else { continue }
                    calls.phases[id] = .expired
                    if let cancel { late.append(cancel) }
                }
                return late
            }
            for cancel in late { cancel() }
        }
    }

    private func start(_ id: UInt64) throws {
        try calls.withLock { calls in
            if case .expired? = calls.phases[id] { throw DatabaseUnavailable.noConnectionInTime }
            calls.phases[id] = nil
        }
    }

    /// Forgets the call; true when its deadline had passed before it started.
    @discardableResult
    private func end(_ id: UInt64) -> Bool {
        calls.withLock { calls in
            guard case .expired? = calls.phases.removeValue(forKey: id) else { return false }
            return true
        }
    }
}

extension DatabaseUnavailable {
    static let noConnectionInTime = DatabaseUnavailable("no database connection within the timeout")
}
