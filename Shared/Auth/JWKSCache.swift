import Foundation
import JWTKit
import Logging
import PTROutbound

/// The Auth0 signing keys, fetched from the JWKS URL on first use and again when a token names
/// a `kid` we do not know (Auth0 rotated its key). Fetches are coalesced and rate-limited, so a
/// flood of tokens with made-up `kid`s costs at most one request per `minimumRefreshInterval`.
actor JWKSCache {
    private let url: String
    private let httpClient: OutboundHTTPClient
    private let minimumRefreshInterval: TimeInterval
    private let timeout: TimeInterval
    private let logger: Logger
    private let now: @Sendable () -> Date

    private var keys: JWTKeyCollection?
    private var keyIDs: Set<String> = []
    private var lastAttempt: Date?
    private var refreshing: Task<Void, Never>?

    init(
        url: String,
        httpClient: OutboundHTTPClient,
        minimumRefreshInterval: TimeInterval,
        timeout: TimeInterval,
        logger: Logger,
        now: @escaping @Sendable () -> Date
    ) {
        self.url = url
        self.httpClient = httpClient
        self.minimumRefreshInterval = minimumRefreshInterval
        self.timeout = timeout
        self.logger = logger
        self.now = now
    }

    /// A token without `kid` is checked against the first key of the set (jwt-kit's default).
    func collection(forKeyID keyID: String?) async throws(AuthFailure) -> JWTKeyCollection {
        if keys == nil || !isKnown(keyID) {
            await refresh()
        }
        guard let keys else { throw .signingKeysUnavailable }
        // jwt-kit would fall back to its default key for an unknown kid; we refuse instead.
        guard isKnown(keyID) else { throw .invalidToken(.unknownKeyID) }
        return keys
    }

    private func isKnown(_ keyID: String?) -> Bool {
        keyID.map(keyIDs.contains) ?? true
    }

    private func refresh() async {
        if let refreshing {
            return await refreshing.value
        }
        if let lastAttempt, now() < lastAttempt.addingTimeInterval(minimumRefreshInterval) {
            return
        }
        lastAttempt = now()
        let task = Task { await self.fetch() }
        refreshing = task
        await task.value
        refreshing = nil
    }

    /// Replaces the key set; on any failure keeps the previous one.
    private func fetch() async {
        let jwks: JWKS
        do {
            let response = try await httpClient.execute(OutboundRequest(url: url, timeout: .seconds(timeout)))
            guard response.isSuccess else {
                logger.warning("JWKS fetch failed", metadata: ["status": "\(response.status)"])
                return
            }
            jwks = try response.decodeJSON(JWKS.self)
        } catch {
            logger.warning("JWKS fetch failed", metadata: ["error": "\(error)"])
            return
        }

        let fresh = JWTKeyCollection()
        var freshIDs: Set<String> = []
        for jwk in jwks.keys {
            // Keys we cannot use (no kid, not RSA, ...) are skipped rather than failing the set.
            guard let id = jwk.keyIdentifier?.string, (try? await fresh.add(jwk: jwk)) != nil else { continue }
            freshIDs.insert(id)
        }
        keys = fresh
        keyIDs = freshIDs
        logger.info("JWKS loaded", metadata: ["kids": "\(freshIDs.sorted())"])
    }
}
