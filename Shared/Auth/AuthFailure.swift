/// Why a request is not authenticated. Every case answers 401 `{"message":"Unauthorized"}`
/// (auth.md §2, with the recommended 401 instead of 500 for a header without a space, A6);
/// the cases exist for logs and tests. Use `response` to build the HTTP answer.
public enum AuthFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// No `Authorization` header, or an empty one (A1, A2).
    case missingCredentials
    /// Not `Bearer <token>`: another scheme, no space, or an empty token (A3, A5, A6).
    case malformedCredentials
    /// No key is configured, so no token can be accepted.
    case notConfigured
    /// The JWKS could not be fetched (and none is cached).
    case signingKeysUnavailable
    case invalidToken(TokenRejection)
    /// The token is valid but its roles could not be determined (A16, A17).
    case rolesUnavailable(String)

    /// The status, headers and body to send; identical for every case.
    public var response: AuthFailureResponse { .unauthorized }

    /// Safe to log: never contains the token.
    public var description: String {
        switch self {
        case .missingCredentials: "no Authorization header"
        case .malformedCredentials: "Authorization header is not 'Bearer <token>'"
        case .notConfigured: "no token signing key configured"
        case .signingKeysUnavailable: "signing keys (JWKS) unavailable"
        case .invalidToken(let rejection): "token rejected: \(rejection.rawValue)"
        case .rolesUnavailable(let reason): "roles unavailable: \(reason)"
        }
    }
}

/// Which check a token failed.
public enum TokenRejection: String, Error, Sendable, Equatable {
    case malformed
    /// Anything but RS256, e.g. `none` or HS256 (auth.md §3.3).
    case algorithmNotAllowed
    /// The `kid` names no key of the JWKS, even after fetching it again.
    case unknownKeyID
    case badSignature
    case missingAudience
    case audienceMismatch
    case issuerMismatch
    case expired
    case notYetValid
    case issuedInFuture
    case missingSubject
}

/// A ready-made HTTP answer, independent of any server framework: copy status, headers and body.
public struct AuthFailureResponse: Sendable, Equatable {
    public let status: Int
    public let headers: [String: String]
    public let body: String

    /// The API Gateway `UNAUTHORIZED` response the clients know (auth.md §2).
    public static let unauthorized = AuthFailureResponse(
        status: 401,
        headers: [
            "Content-Type": "application/json",
            "Access-Control-Allow-Origin": "*",
            "Access-Control-Allow-Headers": "*",
        ],
        body: #"{"message":"Unauthorized"}"#
    )
}
