import Foundation
import PTRAuth
import PTRTesting
import Testing

@Suite("Logging")
struct LoggingTests {
    @Test func noLogLineContainsATokenOrAnyPartOfIt() async throws {
        try await withFakeAuth0 { auth0 in
            let capture = LogCapture()
            try auth0.publish([("k1", TestKeys.trusted)])
            let clock = TestClock()
            let pem = try AuthConfiguration(publicKeyPEM: TestKeys.trusted.certificatePEM(), userinfoURL: auth0.userinfoURL)
            let jwks = AuthConfiguration(jwksURL: auth0.jwksURL, userinfoURL: auth0.userinfoURL)
            var tokens: [String] = []
            for configuration in [pem, jwks] {
                let auth = try await Authenticator(configuration: configuration, httpClient: testHTTPClient, logger: capture.logger, now: clock.function)
                let accepted = try await TestKeys.trusted.sign(validClaims(now: clock.now), keyID: "k1")
                auth0.answer(accepted, with: .roles(["admin"]))
                let userinfoFails = try await TestKeys.trusted.sign(validClaims(now: clock.now.addingTimeInterval(1)), keyID: "k1")
                auth0.answer(userinfoFails, with: .init(status: 500, body: "oops"))
                let badSignature = try await TestKeys.stranger.sign(validClaims(now: clock.now), keyID: "k1")
                let unknownKID = try await TestKeys.trusted.sign(validClaims(now: clock.now), keyID: "k9")
                let forged = try await hs256Token(validClaims(now: clock.now), secret: TestKeys.trusted.publicKeyPEM)
                for token in [accepted, userinfoFails, badSignature, unknownKID, forged] {
                    _ = await refusal(auth, "Bearer \(token)")
                    _ = await refusal(auth, "Token \(token)")
                }
                tokens += [accepted, userinfoFails, badSignature, unknownKID, forged]
            }

            let lines = capture.lines.current
            #expect(lines.count >= 10, "the flows above must log something: \(lines)")
            for token in tokens {
                let parts = token.split(separator: ".").map(String.init).filter { $0.count > 8 }
                for line in lines {
                    #expect(!line.contains(token))
                    for part in parts {
                        #expect(!line.contains(part), "a token segment leaked into: \(line)")
                    }
                }
            }
        }
    }
}
