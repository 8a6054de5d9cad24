import Foundation
import JWTKit

/// The claims of an Auth0 access token that the services read. Every claim is optional here so
/// that a token lacking one is rejected by `ClaimsPolicy` with a precise reason (and so that
/// tests and `ptr-token` can build tokens without it).
public struct AccessTokenClaims: JWTPayload, Equatable {
    /// The namespaced claim an Auth0 rule adds; its member `roles` lists the user's roles.
    public static let rolesClaim = "https://photonranch.org/user_metadata"

    public var sub: SubjectClaim?
    public var aud: AudienceClaim?
    public var iss: IssuerClaim?
    public var exp: ExpirationClaim?
    public var nbf: NotBeforeClaim?
    public var iat: IssuedAtClaim?
    public var name: String?
    public var nickname: String?
    public var userMetadata: UserMetadata?

    public init(
        sub: String? = nil,
        audience: [String]? = nil,
        issuer: String? = nil,
        expires: Date? = nil,
        notBefore: Date? = nil,
        issuedAt: Date? = nil,
        name: String? = nil,
        nickname: String? = nil,
        roles: [String]? = nil
    ) {
        self.sub = sub.map(SubjectClaim.init(value:))
        self.aud = audience.map(AudienceClaim.init(value:))
        self.iss = issuer.map(IssuerClaim.init(value:))
        self.exp = expires.map(ExpirationClaim.init(value:))
        self.nbf = notBefore.map(NotBeforeClaim.init(value:))
        self.iat = issuedAt.map(IssuedAtClaim.init(value:))
        self.name = name
        self.nickname = nickname
        self.userMetadata = roles.map(UserMetadata.init(roles:))
    }

    enum CodingKeys: String, CodingKey {
        case sub, aud, iss, exp, nbf, iat, name, nickname
        case userMetadata = "https://photonranch.org/user_metadata"
    }

    /// Intentionally empty: jwt-kit calls this after the signature check, but the claim checks
    /// depend on configuration and the injected clock, so `ClaimsPolicy` does them.
    public func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// The value of the roles claim, in a token or a userinfo answer.
public struct UserMetadata: Codable, Sendable, Equatable {
    /// nil when the member is missing or not a list of strings.
    public var roles: [String]?

    public init(roles: [String]?) {
        self.roles = roles
    }

    enum CodingKeys: String, CodingKey {
        case roles
    }

    /// Never fails: metadata of an unexpected shape means "no roles here", not "bad token".
    public init(from decoder: any Decoder) throws {
        let container = try? decoder.container(keyedBy: CodingKeys.self)
        roles = try? container?.decodeIfPresent([String].self, forKey: .roles)
    }
}
