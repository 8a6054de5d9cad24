import Foundation
import Synchronization

/// Wakes long-polling `getnewjobs` requests of this process when a job of their site becomes
/// UNREAD (spec/jobs.md §7.4). While anyone waits, `relay` (Postgres LISTEN) brings in the other
/// replicas' jobs; waiters also re-check the database every second, in case a notification is lost.
final class JobArrivals: Sendable {
    /// A poller's place in the waiting room, taken before its first claim so that no announcement
    /// made after that claim can be missed.
    struct Ticket: Sendable {
        let site: String
        fileprivate let generation: Int
    }

    private struct State {
        /// Announcements per site so far; a waiter whose ticket is older returns at once.
        var generations: [String: Int] = [:]
        var listeners: [String: Int] = [:]
        var waiters: [UUID: (site: String, continuation: CheckedContinuation<Void, Never>)] = [:]
        /// Waits that started but have not registered their continuation yet.
        var starting: Set<UUID> = []
        /// Waits whose deadline passed before they registered.
        var expired: Set<UUID> = []
        /// Runs `relay` while any poller of this process waits.
        var relayTask: Task<Void, Never>?
    }

    let maximumListenersPerSite: Int
    private let relay: (@Sendable (JobArrivals) async -> Void)?
    private let state = Mutex(State())

    init(maximumListenersPerSite: Int = 4, relay: (@Sendable (JobArrivals) async -> Void)? = nil) {
        self.maximumListenersPerSite = maximumListenersPerSite
        self.relay = relay
    }

    /// Runs `body` with a ticket for `site`, or with nil when the site has its maximum of waiting
    /// pollers already (that request then answers without waiting).
    func listen<T: Sendable>(site: String, _ body: (Ticket?) async throws -> T) async rethrows -> T {
        let ticket = state.withLock { state -> Ticket? in
            guard state.listeners[site, default: 0] < maximumListenersPerSite else { return nil }
            state.listeners[site, default: 0] += 1
            if let relay, state.relayTask == nil { state.relayTask = Task { await relay(self) } }
            return Ticket(site: site, generation: state.generations[site, default: 0])
        }
        defer {
            if ticket != nil {
                state.withLock { state in
                    state.listeners[site]! -= 1
                    if state.listeners[site] == 0 { state.listeners.removeValue(forKey: site) }
                    if state.listeners.isEmpty {
                        state.relayTask?.cancel()
                        state.relayTask = nil
                    }
                }
            }
        }
        return try await body(ticket)
    }

    /// Returns when something was announced for the ticket's site since the ticket was taken
    /// (at once if that happened already), after `duration`, or when the task is cancelled. The
    /// ticket is renewed.
    func wait(_ ticket: inout Ticket, upTo duration: Duration) async {
        let id = UUID(), site = ticket.site, generation = ticket.generation
        state.withLock { _ = $0.starting.insert(id) }
        let deadline = Task {
            guard (try? await Task.sleep(for: duration)) != nil else { return }
            self.expire(id)
        }
        // A cancelled wait (its poller hung up) ends at once, as if its deadline had passed.
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    state.starting.remove(id)
                    if state.expired.remove(id) != nil || state.generations[site, default: 0] != generation { return true }
                    state.waiters[id] = (site, continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            self.expire(id)
        }
        deadline.cancel()
        ticket = Ticket(site: site, generation: state.withLock { $0.generations[site, default: 0] })
    }

    /// A job of `site` became UNREAD (committed): wake every waiter of that site.
    func announce(site: String) {
        let woken = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.generations[site, default: 0] &+= 1
            let ids = state.waiters.filter { $0.value.site == site }.map(\.key)
            return ids.compactMap { state.waiters.removeValue(forKey: $0)?.continuation }
        }
        for continuation in woken { continuation.resume() }
    }

    private func expire(_ id: UUID) {
        let continuation = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if let waiter = state.waiters.removeValue(forKey: id) { return waiter.continuation }
            if state.starting.contains(id) { state.expired.insert(id) }
            return nil
        }
        continuation?.resume()
    }
}
