import Foundation
import PTRAuth

/// The development signing key every binary of a test run trusts, as `ptr-token init` creates it
/// (generated once per run: RSA generation takes a moment).
enum DevelopmentAuth {
    static let key = try! DevelopmentSigningKey.generate()

    /// `PTR_AUTH_PUBLIC_KEY` for the binaries.
    static var environment: [String: String] { ["PTR_AUTH_PUBLIC_KEY": key.publicKeyPEM] }

    /// A UI access token of `sub` as `ptr-token mint` makes it: the roles in the token's claim, so no
    /// userinfo call.
    static func token(_ sub: String, roles: [String] = []) async throws -> String {
        let now = Date()
        return try await key.sign(AccessTokenClaims(
            sub: sub, audience: ["master"], expires: now.addingTimeInterval(3600), issuedAt: now, name: sub, roles: roles))
    }
}
