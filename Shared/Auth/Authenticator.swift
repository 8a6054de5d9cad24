import Foundation
import Logging
import PTROutbound

/// Verifies the `Authorization` header of a request and returns who is calling (auth.md §3).
///
/// One instance per service; safe to share across requests. It never logs a token: log lines
/// carry the failure reason and, once verified, the subject.
public struct Authenticator: Sendable {
    private let verifier: TokenVerifier
    private let userinfo: UserinfoCache?
    private let logger: Logger
    private let now: @Sendable () -> Date

    /// - Parameters:
    ///   - httpClient: used for the JWKS and Auth0 `/userinfo`.
    ///   - now: the clock for `exp`/`nbf`/`iat` and the caches; tests pass a controllable one.
    /// - Throws: when `publicKeyPEM` or `jwksURL` is set but unusable (better to fail at start
    ///   than to answer 401 to everyone). With neither set, every token is refused.
    public init(
        configuration: AuthConfiguration,
        httpClient: OutboundHTTPClient,
        logger: Logger = Logger(label: "ptr.auth"),
        now: @escaping @Sendable () -> Date = { Date() }
    ) async throws(AuthSetupError) {
        let keys = try await SigningKeys.make(configuration: configuration, httpClient: httpClient, logger: logger, now: now)
        self.verifier = TokenVerifier(
            keys: keys,
            policy: ClaimsPolicy(audience: configuration.audience, issuer: configuration.issuer, leeway: configuration.leewaySeconds)
        )
        self.userinfo = configuration.userinfoURL.map { url in
            UserinfoCache(
                client: UserinfoClient(url: url, httpClient: httpClient, timeout: configuration.outboundTimeoutSeconds),
                ttl: configuration.userinfoCacheSeconds,
                capacity: configuration.userinfoCacheCapacity,
                now: now
            )
        }
        self.logger = logger
        self.now = now
        if case .none = keys {
            logger.warning("no PTR_AUTH_PUBLIC_KEY or PTR_AUTH_JWKS_URL: authenticated routes answer 401")
        }
    }

    /// The caller behind `authorizationHeader` (the raw header value, nil when absent).
    public func authenticate(authorizationHeader: String?) async throws(AuthFailure) -> Identity {
        do throws(AuthFailure) {
            let identity = try await identify(authorizationHeader)
            logger.debug("authenticated", metadata: ["sub": "\(identity.sub)"])
            return identity
        } catch {
            logger.log(level: error == .missingCredentials ? .debug : .info, "authentication refused", metadata: ["reason": "\(error)"])
            throw error
        }
    }

    private func identify(_ authorizationHeader: String?) async throws(AuthFailure) -> Identity {
        let token = try BearerCredentials.token(fromAuthorizationHeader: authorizationHeader)
        let (subject, claims) = try await verifier.verify(token, at: now())

        // Roles from the token when it carries the claim; otherwise from userinfo.
        if let roles = claims.userMetadata?.roles {
            return Identity(sub: subject, name: claims.name, nickname: claims.nickname, roles: roles)
        }
        guard let userinfo else {
            throw .rolesUnavailable("token has no roles claim and no userinfo URL is configured")
        }
        let profile = try await userinfo.profile(for: token, tokenExpiry: claims.exp?.value)
        return Identity(
            sub: subject,
            name: claims.name ?? profile.name,
            nickname: claims.nickname ?? profile.nickname,
            roles: profile.roles
        )
    }
}
