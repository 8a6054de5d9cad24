import Foundation
import JWTKit
import Logging
import PTROutbound

/// A configuration the authenticator cannot start with.
public enum AuthSetupError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidPublicKey(String)
    case invalidJWKSURL(String)

    public var description: String {
        switch self {
        case .invalidPublicKey(let reason): "PTR_AUTH_PUBLIC_KEY is not a usable RSA certificate or public key: \(reason)"
        case .invalidJWKSURL(let reason): "PTR_AUTH_JWKS_URL is not usable: \(reason)"
        }
    }
}

/// Where the keys that verify tokens come from.
enum SigningKeys: Sendable {
    /// Nothing configured: every token is refused.
    case none
    /// One configured key. The token's `kid` is ignored, as in the original (auth.md §3.3).
    case fixed(JWTKeyCollection)
    case jwks(JWKSCache)

    static func make(
        configuration: AuthConfiguration,
        httpClient: OutboundHTTPClient,
        logger: Logger,
        now: @escaping @Sendable () -> Date
    ) async throws(AuthSetupError) -> SigningKeys {
        if let pem = configuration.publicKeyPEM {
            let key = try publicKey(fromPEM: pem)
            let keys = JWTKeyCollection()
            await keys.add(rsa: key, digestAlgorithm: .sha256)
            return .fixed(keys)
        }
        if let url = configuration.jwksURL {
            guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
                throw .invalidJWKSURL("must be an http(s) URL")
            }
            return .jwks(JWKSCache(
                url: url,
                httpClient: httpClient,
                minimumRefreshInterval: configuration.jwksMinimumRefreshSeconds,
                timeout: configuration.outboundTimeoutSeconds,
                logger: logger,
                now: now
            ))
        }
        return .none
    }

    /// The keys to verify a token whose header names `keyID`.
    func collection(forKeyID keyID: String?) async throws(AuthFailure) -> JWTKeyCollection {
        switch self {
        case .none: throw .notConfigured
        case .fixed(let keys): return keys
        case .jwks(let cache): return try await cache.collection(forKeyID: keyID)
        }
    }

    private static func publicKey(fromPEM raw: String) throws(AuthSetupError) -> Insecure.RSA.PublicKey {
        let pem = PEMText(normalizing: raw)
        do {
            switch pem.label {
            case "CERTIFICATE": return try Insecure.RSA.PublicKey(certificatePEM: pem.text)
            case "PUBLIC KEY", "RSA PUBLIC KEY": return try Insecure.RSA.PublicKey(pem: pem.text)
            default: throw AuthSetupError.invalidPublicKey("PEM label \(pem.label) is neither CERTIFICATE nor PUBLIC KEY")
            }
        } catch let error as AuthSetupError {
            throw error
        } catch {
            throw .invalidPublicKey("\(error)")
        }
    }
}
