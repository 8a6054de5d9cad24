import Crypto
import Foundation

/// Userinfo answers per token, so that bursts of requests do not run into Auth0's per-user
/// rate limit. Keys are SHA-256 digests (the token itself is not kept as a key); an entry lives
/// `ttl` seconds and never past the token's `exp`. Concurrent lookups for one token share one
/// request. Failures are not cached.
actor UserinfoCache {
    private struct Entry {
        let profile: UserProfile
        let expires: Date
    }

    private let client: UserinfoClient
    private let ttl: TimeInterval
    private let capacity: Int
    private let now: @Sendable () -> Date
    private var entries: [SHA256Digest: Entry] = [:]
    private var inFlight: [SHA256Digest: Task<Result<UserProfile, AuthFailure>, Never>] = [:]

    init(client: UserinfoClient, ttl: TimeInterval, capacity: Int, now: @escaping @Sendable () -> Date) {
        self.client = client
        self.ttl = ttl
        self.capacity = max(1, capacity)
        self.now = now
    }

    /// The cached profile for `token`, fetching it when absent or stale.
    func profile(for token: String, tokenExpiry: Date?) async throws(AuthFailure) -> UserProfile {
        let key = SHA256.hash(data: Data(token.utf8))
        if let entry = entries[key], now() < entry.expires {
            return entry.profile
        }
        if let pending = inFlight[key] {
            return try await pending.value.get()
        }
        let task = Task { [client] () -> Result<UserProfile, AuthFailure> in
            do throws(AuthFailure) {
                return .success(try await client.profile(for: token))
            } catch {
                return .failure(error)
            }
        }
        inFlight[key] = task
        let result = await task.value
        inFlight[key] = nil
        if case .success(let profile) = result {
            store(profile, for: key, expires: min(now().addingTimeInterval(ttl), tokenExpiry ?? .distantFuture))
        }
        return try result.get()
    }

    private func store(_ profile: UserProfile, for key: SHA256Digest, expires: Date) {
        let current = now()
        if entries.count >= capacity {
            entries = entries.filter { current < $0.value.expires }
        }
        if entries.count >= capacity, let soonest = entries.min(by: { $0.value.expires < $1.value.expires }) {
            entries[soonest.key] = nil
        }
        entries[key] = Entry(profile: profile, expires: expires)
    }
}
