import HTTPTypes
import Hummingbird
import Logging
import PTRAuth
import PTRCore
import PTROutbound

/// Who is calling, for the routes the original protected (spec/auth.md): Auth0 RS256 tokens
/// checked by `PTRAuth`, failures answered as the original's authorizer did.
public struct RequestAuthentication: Sendable {
    let authenticator: Authenticator

    /// - Parameter httpClient: for the JWKS and Auth0 `/userinfo`.
    public init(configuration: ServiceConfiguration, httpClient: OutboundHTTPClient, logger: Logger) async throws {
        authenticator = try await Authenticator(
            configuration: AuthConfiguration(configuration.auth),
            httpClient: httpClient,
            logger: logger
        )
    }

    /// The caller of `request`, or an `HTTPFailure` carrying the original's 401 answer.
    public func identity(of request: Request) async throws -> Identity {
        do throws(AuthFailure) {
            return try await authenticator.authenticate(authorizationHeader: request.headers[.authorization])
        } catch {
            throw HTTPFailure(reply: Reply(failure: error.response))
        }
    }
}

extension AuthConfiguration {
    /// The `PTR_AUTH_*` settings as `ServiceConfiguration` read them (the one reader of those
    /// variables); what they leave unset keeps PTRAuth's defaults.
    public init(_ settings: ServiceConfiguration.AuthSettings) {
        self.init(
            publicKeyPEM: settings.publicKeyPEM,
            jwksURL: settings.jwksURL,
            audience: settings.audience,
            issuer: settings.issuer,
            userinfoURL: settings.userinfoURL ?? AuthConfiguration.defaultUserinfoURL
        )
    }
}

extension Reply {
    /// An auth failure's status, headers and body as they are.
    init(failure: AuthFailureResponse) {
        var headers = HTTPFields()
        for (name, value) in failure.headers {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        self.init(status: .init(code: failure.status), body: .text(failure.body), headers: headers)
    }
}
