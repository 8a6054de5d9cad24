import PTRAuth
import PTRCore
import PTRHTTP
import Testing

/// The `PTR_AUTH_*` variables, read once by `ServiceConfiguration` and handed to PTRAuth.
@Suite struct AuthSettingsTests {
    @Test func defaultsWhenNothingIsSet() throws {
        let configuration = AuthConfiguration(try ServiceConfiguration(service: .jobs, environment: [:]).auth)
        #expect(configuration.publicKeyPEM == nil)
        #expect(configuration.jwksURL == nil)
        #expect(configuration.audience == "master")
        #expect(configuration.issuer == nil)
        #expect(configuration.userinfoURL == "https://photonranch.auth0.com/userinfo")
    }

    @Test func readsThePTRAuthVariablesAndTreatsEmptyAsUnset() throws {
        let configuration = AuthConfiguration(try ServiceConfiguration(service: .jobs, environment: [
            "PTR_AUTH_PUBLIC_KEY": "pem",
            "PTR_AUTH_JWKS_URL": "https://tenant/.well-known/jwks.json",
            "PTR_AUTH_AUDIENCE": "",
            "PTR_AUTH_ISSUER": "https://tenant/",
            "PTR_AUTH_USERINFO_URL": "http://127.0.0.1:9/userinfo",
        ]).auth)
        #expect(configuration.publicKeyPEM == "pem")
        #expect(configuration.jwksURL == "https://tenant/.well-known/jwks.json")
        #expect(configuration.audience == "master")
        #expect(configuration.issuer == "https://tenant/")
        #expect(configuration.userinfoURL == "http://127.0.0.1:9/userinfo")
    }
}
