import Foundation
import PTRAuth
import Testing

/// Roles looked up at the fake tenant's `/userinfo`, and the per-token cache in front of it.
@Suite("Userinfo roles and cache")
struct UserinfoTests {
    func authenticator(
        _ auth0: FakeAuth0,
        clock: TestClock,
        configure: (inout AuthConfiguration) throws -> Void = { _ in }
    ) async throws -> Authenticator {
        var configuration = try testConfiguration(auth0)
        configuration.leewaySeconds = 0
        configuration.userinfoCacheSeconds = 300
        try configure(&configuration)
        return try await Authenticator(configuration: configuration, httpClient: testHTTPClient, now: clock.function)
    }

    /// A token without the roles claim, registered at the fake tenant.
    func registeredToken(_ auth0: FakeAuth0, clock: TestClock, lifetime: TimeInterval = 3600, roles: [String] = ["owner"]) async throws -> String {
        var claims = validClaims(now: clock.now)
        claims.name = nil
        claims.exp = .init(value: clock.now.addingTimeInterval(lifetime))
        let token = try await TestKeys.trusted.sign(claims)
        auth0.answer(token, with: .roles(roles, name: "Jane From Userinfo"))
        return token
    }

    func isRolesUnavailable(_ failure: AuthFailure?) -> Bool {
        if case .rolesUnavailable? = failure { true } else { false }
    }

    @Test func rolesAndNamesComeFromUserinfo() async throws {
        try await withFakeAuth0 { auth0 in
            let clock = TestClock()
            let auth = try await authenticator(auth0, clock: clock)
            let token = try await registeredToken(auth0, clock: clock, roles: ["admin"])
            let identity = try await auth.authenticate(authorizationHeader: "Bearer \(token)")
            #expect(identity == Identity(sub: testSubject, name: "Jane From Userinfo", nickname: "jane", roles: ["admin"]))
        }
    }

    @Test func answersAreCachedPerToken() async throws {
        try await withFakeAuth0 { auth0 in
            let clock = TestClock()
            let auth = try await authenticator(auth0, clock: clock)
            let first = try await registeredToken(auth0, clock: clock)
            for _ in 0..<3 {
                #expect(await refusal(auth, "Bearer \(first)") == nil)
            }
            #expect(auth0.userinfoCalls == 1)

            clock.advance(by: 1)
            let second = try await registeredToken(auth0, clock: clock)
            #expect(await refusal(auth, "Bearer \(second)") == nil)
            #expect(auth0.userinfoCalls == 2)

            clock.advance(by: 301)  // past the cache lifetime
            #expect(await refusal(auth, "Bearer \(first)") == nil)
            #expect(auth0.userinfoCalls == 3)
        }
    }

    @Test func tokenWhoseExpPassesWhileCachedIsRefused() async throws {
        try await withFakeAuth0 { auth0 in
            let clock = TestClock()
            let auth = try await authenticator(auth0, clock: clock)
            let token = try await registeredToken(auth0, clock: clock, lifetime: 120)
            #expect(await refusal(auth, "Bearer \(token)") == nil)
            clock.advance(by: 60)
            #expect(await refusal(auth, "Bearer \(token)") == nil)
            #expect(auth0.userinfoCalls == 1)
            clock.advance(by: 61)
            #expect(await refusal(auth, "Bearer \(token)") == .invalidToken(.expired))
        }
    }

    @Test("a cache entry never outlives the token's exp, even within the leeway")
    func cacheEntryEndsAtExp() async throws {
        try await withFakeAuth0 { auth0 in
            let clock = TestClock()
            let auth = try await authenticator(auth0, clock: clock) { $0.leewaySeconds = 60 }
            let token = try await registeredToken(auth0, clock: clock, lifetime: 30)
            #expect(await refusal(auth, "Bearer \(token)") == nil)
            clock.advance(by: 45)  // past exp, within the leeway: the token passes, the cache does not
            #expect(await refusal(auth, "Bearer \(token)") == nil)
            #expect(auth0.userinfoCalls == 2)
        }
    }

    @Test func concurrentLookupsShareOneRequest() async throws {
        try await withFakeAuth0 { auth0 in
            auth0.state.withLock { $0.userinfoDelay = .milliseconds(200) }
            let clock = TestClock()
            let auth = try await authenticator(auth0, clock: clock)
            let token = try await registeredToken(auth0, clock: clock)
            let refusals = await withTaskGroup(of: AuthFailure?.self) { group in
                for _ in 0..<10 {
                    group.addTask { await refusal(auth, "Bearer \(token)") }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(refusals.allSatisfy { $0 == nil })
            #expect(auth0.userinfoCalls == 1)
        }
    }

    @Test func failuresAreNotCached() async throws {
        try await withFakeAuth0 { auth0 in
            let clock = TestClock()
            let auth = try await authenticator(auth0, clock: clock)
            let token = try await registeredToken(auth0, clock: clock)
            auth0.answer(token, with: .init(status: 429, body: #"{"error":"too_many_requests"}"#))
            #expect(isRolesUnavailable(await refusal(auth, "Bearer \(token)")))
            auth0.answer(token, with: .roles(["owner"]))
            #expect(await refusal(auth, "Bearer \(token)") == nil)
            #expect(auth0.userinfoCalls == 2)
        }
    }

    @Test func unreachableUserinfoRefuses() async throws {
        let closed = try await withFakeAuth0 { $0.userinfoURL }
        try await withFakeAuth0 { auth0 in
            let clock = TestClock()
            let auth = try await authenticator(auth0, clock: clock) { $0.userinfoURL = closed }
            let token = try await registeredToken(auth0, clock: clock)
            #expect(isRolesUnavailable(await refusal(auth, "Bearer \(token)")))
        }
    }

    @Test func withoutUserinfoURLATokenWithoutRolesIsRefused() async throws {
        try await withFakeAuth0 { auth0 in
            let clock = TestClock()
            let auth = try await authenticator(auth0, clock: clock) { $0.userinfoURL = nil }
            let token = try await registeredToken(auth0, clock: clock)
            #expect(isRolesUnavailable(await refusal(auth, "Bearer \(token)")))
            #expect(auth0.userinfoCalls == 0)
        }
    }
}
