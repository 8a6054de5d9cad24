import CryptoExtras
import Foundation
import JWTKit
import X509

/// An RSA key pair that stands in for the Auth0 tenant on a laptop and in tests: it signs
/// tokens that an `Authenticator` accepts when `AuthConfiguration.publicKeyPEM` holds its
/// `publicKeyPEM` or its `certificatePEM()`.
/// Never used by a service at run time.
public struct DevelopmentSigningKey: Sendable {
    private let privateKey: _RSA.Signing.PrivateKey

    /// A fresh 2048-bit key (the smallest size jwt-kit accepts).
    public static func generate() throws -> DevelopmentSigningKey {
        DevelopmentSigningKey(privateKey: try _RSA.Signing.PrivateKey(keySize: .bits2048))
    }

    public init(privateKeyPEM: String) throws {
        self.init(privateKey: try _RSA.Signing.PrivateKey(pemRepresentation: privateKeyPEM))
    }

    private init(privateKey: _RSA.Signing.PrivateKey) {
        self.privateKey = privateKey
    }

    public var privateKeyPEM: String { privateKey.pemRepresentation }

    /// `-----BEGIN PUBLIC KEY-----` (SubjectPublicKeyInfo), for `PTR_AUTH_PUBLIC_KEY`.
    public var publicKeyPEM: String { privateKey.publicKey.pemRepresentation }

    /// RSA modulus and exponent, base64url-encoded, as a JWKS entry carries them.
    public func jwk(keyID: String) throws -> [String: String] {
        let primitives = try privateKey.publicKey.getKeyPrimitives()
        return [
            "kty": "RSA", "use": "sig", "alg": "RS256", "kid": keyID,
            "n": primitives.modulus.base64URLEncodedString(),
            "e": primitives.publicExponent.base64URLEncodedString(),
        ]
    }

    /// A self-signed certificate for the key, the form Auth0 publishes (also accepted as
    /// `PTR_AUTH_PUBLIC_KEY`).
    public func certificatePEM(commonName: String = "ptr-token development key", validFor days: Int = 3650) throws -> String {
        let name = try DistinguishedName { CommonName(commonName) }
        let now = Date()
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: Certificate.PublicKey(privateKey.publicKey),
            notValidBefore: now.addingTimeInterval(-86_400),
            notValidAfter: now.addingTimeInterval(TimeInterval(days) * 86_400),
            issuer: name,
            subject: name,
            signatureAlgorithm: .sha256WithRSAEncryption,
            extensions: Certificate.Extensions(),
            issuerPrivateKey: Certificate.PrivateKey(privateKey)
        )
        return try certificate.serializeAsPEM().pemString + "\n"
    }

    /// An RS256 token carrying exactly `claims`.
    public func sign(_ claims: AccessTokenClaims, keyID: String? = nil) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(rsa: try Insecure.RSA.PrivateKey(pem: privateKeyPEM), digestAlgorithm: .sha256)
        var header = JWTHeader()
        header.typ = "JWT"
        header.kid = keyID
        return try await keys.sign(claims, header: header)
    }
}

extension Data {
    func base64URLEncodedString() -> String {
        base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
