import Foundation
import PTRAuth
import Testing

@Suite("JWKS key source")
struct JWKSTests {
    func authenticator(_ auth0: FakeAuth0, clock: TestClock, url: String? = nil) async throws -> Authenticator {
        let configuration = AuthConfiguration(jwksURL: url ?? auth0.jwksURL, userinfoURL: auth0.userinfoURL, jwksMinimumRefreshSeconds: 60)
        return try await Authenticator(configuration: configuration, httpClient: testHTTPClient, now: clock.function)
    }

    func bearer(_ key: DevelopmentSigningKey, kid: String?, clock: TestClock) async throws -> String {
        "Bearer " + (try await key.sign(validClaims(now: clock.now, roles: ["owner"]), keyID: kid))
    }

    @Test func keysAreFetchedOnceAndCached() async throws {
        try await withFakeAuth0 { auth0 in
            try auth0.publish([("k1", TestKeys.trusted)])
            let clock = TestClock()
            let auth = try await authenticator(auth0, clock: clock)
            for _ in 0..<5 {
                #expect(await refusal(auth, try await bearer(TestKeys.trusted, kid: "k1", clock: clock)) == nil)
            }
            #expect(auth0.jwksFetches == 1)
        }
    }

    @Test func unknownKeyIDIsRefusedAfterOneRateLimitedRefetch() async throws {
        try await withFakeAuth0 { auth0 in
            try auth0.publish([("k1", TestKeys.trusted)])
            let clock = TestClock()
            let auth = try await authenticator(auth0, clock: clock)
            #expect(await refusal(auth, try await bearer(TestKeys.trusted, kid: "k1", clock: clock)) == nil)
            clock.advance(by: 61)

            let unknown = try await bearer(TestKeys.trusted, kid: "nobody", clock: clock)
            #expect(await refusal(auth, unknown) == .invalidToken(.unknownKeyID))
            #expect(auth0.jwksFetches == 2)
            // A flood of made-up kids within the interval costs no further fetch.
            for index in 0..<5 {
                #expect(await refusal(auth, try await bearer(TestKeys.trusted, kid: "made-up-\(index)", clock: clock)) == .invalidToken(.unknownKeyID))
            }
            #expect(auth0.jwksFetches == 2)
        }
    }

    @Test func rotationToANewKeyIsPickedUp() async throws {
        try await withFakeAuth0 { auth0 in
            try auth0.publish([("k1", TestKeys.trusted)])
            let clock = TestClock()
            let auth = try await authenticator(auth0, clock: clock)
            #expect(await refusal(auth, try await bearer(TestKeys.trusted, kid: "k1", clock: clock)) == nil)

            // Auth0 rotates: the new key is published, the old one withdrawn.
            try auth0.publish([("k2", TestKeys.next)])
            clock.advance(by: 61)
            #expect(await refusal(auth, try await bearer(TestKeys.next, kid: "k2", clock: clock)) == nil)
            #expect(auth0.jwksFetches == 2)
            #expect(await refusal(auth, try await bearer(TestKeys.trusted, kid: "k1", clock: clock)) == .invalidToken(.unknownKeyID))
        }
    }

    @Test func knownKeyIDWithAnotherKeysSignatureIsRefused() async throws {
        try await withFakeAuth0 { auth0 in
            try auth0.publish([("k1", TestKeys.trusted)])
            let clock = TestClock()
            let auth = try await authenticator(auth0, clock: clock)
            #expect(await refusal(auth, try await bearer(TestKeys.stranger, kid: "k1", clock: clock)) == .invalidToken(.badSignature))
            let forged = try await hs256Token(validClaims(now: clock.now), secret: TestKeys.trusted.publicKeyPEM)
            #expect(await refusal(auth, "Bearer \(forged)") == .invalidToken(.algorithmNotAllowed))
        }
    }

    @Test func unreachableJWKSRefusesWithKeysUnavailable() async throws {
        let closed = try await withFakeAuth0 { $0.jwksURL }  // the tenant is gone now
        try await withFakeAuth0 { auth0 in
            let clock = TestClock()
            let auth = try await authenticator(auth0, clock: clock, url: closed)
            #expect(await refusal(auth, try await bearer(TestKeys.trusted, kid: "k1", clock: clock)) == .signingKeysUnavailable)
        }
    }
}
