import PTRTesting
import Foundation
import JWTKit
import PTRAuth

/// Keys generated once per test run (RSA generation takes a moment).
enum TestKeys {
    /// The key the services trust.
    static let trusted = TestAuth.key
    /// A key nobody trusts (A7).
    static let stranger = try! DevelopmentSigningKey.generate()
    /// Auth0's next key, for JWKS rotation.
    static let next = try! DevelopmentSigningKey.generate()
}

/// A user of the tests' fake Auth0 tenant.
let testSubject = "google-oauth2|100354044221813550027"

/// Claims of a valid access token, as the UI gets it (auth.md §3.4), without the roles claim.
func validClaims(now: Date = Date(), roles: [String]? = nil) -> AccessTokenClaims {
    AccessTokenClaims(
        sub: testSubject,
        audience: ["master", "https://photonranch.auth0.com/userinfo"],
        issuer: "https://photonranch.auth0.com/",
        expires: now.addingTimeInterval(3600),
        issuedAt: now,
        name: "Jane",
        roles: roles
    )
}

/// `claims` signed with HMAC-SHA256 whose secret is `secret` (the alg-confusion attack, A8).
func hs256Token(_ claims: AccessTokenClaims, secret: String) async throws -> String {
    let keys = JWTKeyCollection()
    await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
    return try await keys.sign(claims)
}

/// `claims` with `alg: none` and no signature (A9).
func unsignedToken(_ claims: AccessTokenClaims) async throws -> String {
    let keys = JWTKeyCollection()
    await keys.addUnsecuredNone()
    return try await keys.sign(claims)
}
