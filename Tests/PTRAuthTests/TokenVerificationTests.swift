import Foundation
import PTRAuth
import Testing

/// Reasons behind the 401s, key forms, and the claim checks beyond §8.
@Suite("Token verification")
struct TokenVerificationTests {
    func authenticator(
        _ auth0: FakeAuth0,
        clock: TestClock = TestClock(),
        configure: (inout AuthConfiguration) throws -> Void = { _ in }
    ) async throws -> Authenticator {
        var configuration = try testConfiguration(auth0)
        try configure(&configuration)
        return try await Authenticator(configuration: configuration, httpClient: testHTTPClient, now: clock.function)
    }

    @Test func refusalsNameTheirReason() async throws {
        try await withFakeAuth0 { auth0 in
            let auth = try await authenticator(auth0)
            let token = try await TestKeys.trusted.sign(validClaims(roles: ["owner"]))
            #expect(await refusal(auth, nil) == .missingCredentials)
            #expect(await refusal(auth, "") == .missingCredentials)
            #expect(await refusal(auth, "Bearer") == .malformedCredentials)
            #expect(await refusal(auth, "Token \(token)") == .malformedCredentials)
            #expect(await refusal(auth, "Bearer  \(token)") == .malformedCredentials)
            #expect(await refusal(auth, "Bearer not-a-jwt") == .invalidToken(.malformed))
            #expect(await refusal(auth, "Bearer \(try await TestKeys.stranger.sign(validClaims()))") == .invalidToken(.badSignature))
            #expect(await refusal(auth, "Bearer \(try await unsignedToken(validClaims()))") == .invalidToken(.algorithmNotAllowed))
            #expect(await refusal(auth, "Bearer \(token)") == nil)
        }
    }

    @Test("HS256 re-signed with the public key as secret is refused", arguments: [false, true])
    func algorithmConfusion(usePublicKeyPEM: Bool) async throws {
        try await withFakeAuth0 { auth0 in
            let publicText = usePublicKeyPEM ? TestKeys.trusted.publicKeyPEM : try TestKeys.trusted.certificatePEM()
            let auth = try await authenticator(auth0) { $0.publicKeyPEM = publicText }
            let forged = try await hs256Token(validClaims(roles: ["admin"]), secret: publicText)
            #expect(await refusal(auth, "Bearer \(forged)") == .invalidToken(.algorithmNotAllowed))
        }
    }

    @Test("PTR_AUTH_PUBLIC_KEY forms", arguments: PEMForm.allCases)
    func publicKeyForms(form: PEMForm) async throws {
        try await withFakeAuth0 { auth0 in
            let auth = try await authenticator(auth0) { $0.publicKeyPEM = try form.text(for: TestKeys.trusted) }
            let token = try await TestKeys.trusted.sign(validClaims(roles: ["owner"]))
            #expect(await refusal(auth, "Bearer \(token)") == nil)
        }
    }

    @Test func unusablePublicKeyFailsAtStart() async throws {
        await #expect(throws: AuthSetupError.self) {
            try await Authenticator(configuration: AuthConfiguration(publicKeyPEM: "-----BEGIN CERTIFICATE-----\nbm9wZQ==\n-----END CERTIFICATE-----"), httpClient: testHTTPClient)
        }
    }

    @Test func noKeyConfiguredRefusesEveryToken() async throws {
        let auth = try await Authenticator(configuration: AuthConfiguration(), httpClient: testHTTPClient)
        let token = try await TestKeys.trusted.sign(validClaims(roles: ["admin"]))
        #expect(await refusal(auth, "Bearer \(token)") == .notConfigured)
        #expect(AuthFailure.notConfigured.response.status == 401)
    }

    @Test("a fixed key ignores the token's kid (auth.md §3.3)")
    func fixedKeyIgnoresKeyID() async throws {
        try await withFakeAuth0 { auth0 in
            let auth = try await authenticator(auth0)
            let token = try await TestKeys.trusted.sign(validClaims(roles: []), keyID: "some-other-kid")
            #expect(await refusal(auth, "Bearer \(token)") == nil)
        }
    }

    @Test func issuerIsCheckedOnlyWhenConfigured() async throws {
        try await withFakeAuth0 { auth0 in
            let token = try await TestKeys.trusted.sign(validClaims(roles: []))
            let unchecked = try await authenticator(auth0)
            let matching = try await authenticator(auth0) { $0.issuer = "https://photonranch.auth0.com/" }
            let other = try await authenticator(auth0) { $0.issuer = "https://evil.example/" }
            #expect(await refusal(unchecked, "Bearer \(token)") == nil)
            #expect(await refusal(matching, "Bearer \(token)") == nil)
            #expect(await refusal(other, "Bearer \(token)") == .invalidToken(.issuerMismatch))
        }
    }

    @Test func timeClaimsHonourTheLeeway() async throws {
        try await withFakeAuth0 { auth0 in
            let clock = TestClock()
            let lenient = try await authenticator(auth0, clock: clock) { $0.leewaySeconds = 30 }
            let strict = try await authenticator(auth0, clock: clock) { $0.leewaySeconds = 0 }
            func token(_ change: (inout AccessTokenClaims) -> Void) async throws -> String {
                var claims = validClaims(now: clock.now, roles: [])
                change(&claims)
                return "Bearer " + (try await TestKeys.trusted.sign(claims))
            }
            let expiredRecently = try await token { $0.exp = .init(value: clock.now.addingTimeInterval(-10)) }
            #expect(await refusal(lenient, expiredRecently) == nil)
            #expect(await refusal(strict, expiredRecently) == .invalidToken(.expired))

            let notYet = try await token { $0.nbf = .init(value: clock.now.addingTimeInterval(120)) }
            #expect(await refusal(lenient, notYet) == .invalidToken(.notYetValid))

            let issuedInFuture = try await token { $0.iat = .init(value: clock.now.addingTimeInterval(120)) }
            #expect(await refusal(lenient, issuedInFuture) == .invalidToken(.issuedInFuture))
            let slightSkew = try await token { $0.iat = .init(value: clock.now.addingTimeInterval(10)) }
            #expect(await refusal(lenient, slightSkew) == nil)
        }
    }

    @Test func rolesClaimInTheTokenSkipsUserinfo() async throws {
        try await withFakeAuth0 { auth0 in
            let auth = try await authenticator(auth0)
            let token = try await TestKeys.trusted.sign(validClaims(roles: ["admin", "owner"]))
            let identity = try await auth.authenticate(authorizationHeader: "Bearer \(token)")
            #expect(identity == Identity(sub: testSubject, name: "Jane", nickname: nil, roles: ["admin", "owner"]))
            #expect(identity.isAdmin)
            #expect(auth0.userinfoCalls == 0)
        }
    }

    @Test func exactAdminMembership() {
        let identity = Identity(sub: "a", name: nil, nickname: nil, roles: ["sysadmin", "not-admin"])
        #expect(!identity.isAdmin)
        #expect(identity.isOwnerOrAdmin(ownerID: "a"))
        #expect(!identity.isOwnerOrAdmin(ownerID: "b"))
        #expect(Identity(sub: "a", name: nil, nickname: nil, roles: ["admin"]).isOwnerOrAdmin(ownerID: "b"))
    }
}

/// The ways the signing key reaches `PTR_AUTH_PUBLIC_KEY`.
enum PEMForm: String, CaseIterable, CustomTestStringConvertible {
    case certificate, publicKey, crlfLineBreaks, spacesForNewlines, oneLine, bareCertificateBody

    var testDescription: String { rawValue }

    func text(for key: DevelopmentSigningKey) throws -> String {
        let certificate = try key.certificatePEM()
        switch self {
        case .certificate: return certificate
        case .publicKey: return key.publicKeyPEM
        case .crlfLineBreaks: return certificate.replacingOccurrences(of: "\n", with: "\r\n")
        case .spacesForNewlines: return certificate.replacingOccurrences(of: "\n", with: " ")
        case .oneLine: return certificate.replacingOccurrences(of: "\n", with: "")
        case .bareCertificateBody:
            return certificate.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        }
    }
}
