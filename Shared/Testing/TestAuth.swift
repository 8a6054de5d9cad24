import Foundation
import HTTPTypes
import PTRAuth

/// The development signing key every app and binary of a test run trusts (`PTR_AUTH_PUBLIC_KEY`),
/// generated once per run since RSA generation takes a moment, and the UI's tokens signed with it.
public enum TestAuth {
    public static let key = try! DevelopmentSigningKey.generate()

    /// The environment that makes an app or a binary trust `key`.
    public static var environment: [String: String] { ["PTR_AUTH_PUBLIC_KEY": key.publicKeyPEM] }

    /// A valid access token of `sub` as the UI holds it (auth.md §3.4), the roles in the token's
    /// claim so that no userinfo call is needed.
    public static func token(sub: String, name: String = "Test", roles: [String] = []) async throws -> String {
        let now = Date()
        return try await key.sign(AccessTokenClaims(
            sub: sub, audience: ["master", "https://photonranch.auth0.com/userinfo"], issuer: "https://photonranch.auth0.com/",
            expires: now.addingTimeInterval(3600), issuedAt: now, name: name, roles: roles))
    }

    /// `Authorization: Bearer <token(sub:roles:)>`.
    public static func bearer(sub: String, roles: [String] = []) async throws -> HTTPFields {
        [.authorization: "Bearer \(try await token(sub: sub, roles: roles))"]
    }
}
