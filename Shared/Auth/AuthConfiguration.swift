/// How tokens are checked. The service's configuration layer fills it, usually with
/// `init(environment:)` over the `PTR_AUTH_*` variables of ARCHITECTURE.md §5.
public struct AuthConfiguration: Sendable {
    public static let defaultAudience = "master"
    public static let defaultUserinfoURL = "https://photonranch.auth0.com/userinfo"

    /// PEM certificate or public key that signs tokens (`PTR_AUTH_PUBLIC_KEY`). Used instead of
    /// `jwksURL` when both are set. Mangled line breaks are tolerated (auth.md §3.3).
    public var publicKeyPEM: String?
    /// Auth0 JWKS document (`PTR_AUTH_JWKS_URL`), cached and fetched again for an unknown `kid`.
    public var jwksURL: String?
    /// Required member of the token's `aud` (`PTR_AUTH_AUDIENCE`).
    public var audience: String
    /// When set, the token's `iss` must equal it (`PTR_AUTH_ISSUER`); the original did not check.
    public var issuer: String?
    /// Where roles come from when the token lacks the roles claim (`PTR_AUTH_USERINFO_URL`);
    /// nil means such tokens are rejected.
    public var userinfoURL: String?
    /// Clock skew allowed for `exp`, `nbf` and `iat`.
    public var leewaySeconds: Double
    /// How long a userinfo answer is reused for the same token (never past the token's `exp`).
    public var userinfoCacheSeconds: Double
    /// At most this many tokens' userinfo answers are kept.
    public var userinfoCacheCapacity: Int
    /// The JWKS is fetched at most once per this interval, however many unknown `kid`s arrive.
    public var jwksMinimumRefreshSeconds: Double
    /// Total time allowed for one userinfo or JWKS request.
    public var outboundTimeoutSeconds: Double

    public init(
        publicKeyPEM: String? = nil,
        jwksURL: String? = nil,
        audience: String = AuthConfiguration.defaultAudience,
        issuer: String? = nil,
        userinfoURL: String? = AuthConfiguration.defaultUserinfoURL,
        leewaySeconds: Double = 30,
        userinfoCacheSeconds: Double = 60,
        userinfoCacheCapacity: Int = 10_000,
        jwksMinimumRefreshSeconds: Double = 60,
        outboundTimeoutSeconds: Double = 5
    ) {
        self.publicKeyPEM = publicKeyPEM
        self.jwksURL = jwksURL
        self.audience = audience
        self.issuer = issuer
        self.userinfoURL = userinfoURL
        self.leewaySeconds = leewaySeconds
        self.userinfoCacheSeconds = userinfoCacheSeconds
        self.userinfoCacheCapacity = userinfoCacheCapacity
        self.jwksMinimumRefreshSeconds = jwksMinimumRefreshSeconds
        self.outboundTimeoutSeconds = outboundTimeoutSeconds
    }
}
