import PTRAuth
import Testing

@Suite("AuthConfiguration")
struct ConfigurationTests {
    @Test func defaultsWhenNothingIsSet() {
        let configuration = AuthConfiguration(environment: [:])
        #expect(configuration.publicKeyPEM == nil)
        #expect(configuration.jwksURL == nil)
        #expect(configuration.audience == "master")
        #expect(configuration.issuer == nil)
        #expect(configuration.userinfoURL == "https://photonranch.auth0.com/userinfo")
    }

    @Test func readsThePTRAuthVariablesAndTreatsEmptyAsUnset() {
        let configuration = AuthConfiguration(environment: [
            "PTR_AUTH_PUBLIC_KEY": "pem",
            "PTR_AUTH_JWKS_URL": "https://tenant/.well-known/jwks.json",
            "PTR_AUTH_AUDIENCE": "",
            "PTR_AUTH_ISSUER": "https://tenant/",
            "PTR_AUTH_USERINFO_URL": "http://127.0.0.1:9/userinfo",
        ])
        #expect(configuration.publicKeyPEM == "pem")
        #expect(configuration.jwksURL == "https://tenant/.well-known/jwks.json")
        #expect(configuration.audience == "master")
        #expect(configuration.issuer == "https://tenant/")
        #expect(configuration.userinfoURL == "http://127.0.0.1:9/userinfo")
    }

    @Test func everyFailureAnswersTheGatewayUnauthorized() {
        let failures: [AuthFailure] = [
            .missingCredentials, .malformedCredentials, .notConfigured, .signingKeysUnavailable,
            .invalidToken(.expired), .rolesUnavailable("x"),
        ]
        for failure in failures {
            #expect(failure.response.status == 401)
            #expect(failure.response.body == #"{"message":"Unauthorized"}"#)
            #expect(failure.response.headers["Access-Control-Allow-Origin"] == "*")
        }
    }
}
