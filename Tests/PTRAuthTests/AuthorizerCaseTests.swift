import Foundation
import PTRAuth
import Testing

/// auth.md §8, through a protected route of a miniature service (HTTP status, body, CORS).
@Suite("auth.md §8 cases A1–A21")
struct AuthorizerCaseTests {
    static let unauthorizedBody = #"{"message":"Unauthorized"}"#

    /// The outcome every refused request must have: 401, the gateway body, CORS, no handler run.
    func expectRefused(_ harness: JobsHarness, authorization: String?, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let answer = try await harness.send(authorization: authorization)
        #expect(answer.status == 401, sourceLocation: sourceLocation)
        #expect(answer.body == Self.unauthorizedBody, sourceLocation: sourceLocation)
        #expect(answer.headers[.accessControlAllowOrigin] == "*", sourceLocation: sourceLocation)
        #expect(harness.jobsCreated.current == 0, "the handler must not run", sourceLocation: sourceLocation)
    }

    @Test("A1 no Authorization header") func a1() async throws {
        try await withJobsHarness { try await expectRefused($0, authorization: nil) }
    }

    @Test("A2 empty Authorization header") func a2() async throws {
        try await withJobsHarness { try await expectRefused($0, authorization: "") }
    }

    @Test("A3 scheme Token") func a3() async throws {
        try await withJobsHarness { harness in
            try await expectRefused(harness, authorization: "Token \(try await harness.token())")
        }
    }

    @Test("A4 lower-case bearer is accepted") func a4() async throws {
        try await withJobsHarness { harness in
            let answer = try await harness.send(authorization: "bearer \(try await harness.token())")
            #expect(answer.status == 200)
            #expect(harness.jobsCreated.current == 1)
        }
    }

    @Test("A5 two spaces: empty token") func a5() async throws {
        try await withJobsHarness { harness in
            try await expectRefused(harness, authorization: "Bearer  \(try await harness.token())")
        }
    }

    @Test("A6 'Bearer' without a space: 401 (recommended), not the original 500") func a6() async throws {
        try await withJobsHarness { try await expectRefused($0, authorization: "Bearer") }
    }

    @Test("A7 token signed with another key") func a7() async throws {
        try await withJobsHarness { harness in
            try await expectRefused(harness, authorization: "Bearer \(try await harness.token(key: TestKeys.stranger))")
        }
    }

    @Test("A8 HS256 with the certificate text as HMAC secret") func a8() async throws {
        try await withJobsHarness { harness in
            let forged = try await hs256Token(validClaims(), secret: try TestKeys.trusted.certificatePEM())
            harness.auth0.answer(forged, with: .roles(["admin"]))
            try await expectRefused(harness, authorization: "Bearer \(forged)")
        }
    }

    @Test("A9 alg none") func a9() async throws {
        try await withJobsHarness { harness in
            let unsigned = try await unsignedToken(validClaims())
            harness.auth0.answer(unsigned, with: .roles(["admin"]))
            try await expectRefused(harness, authorization: "Bearer \(unsigned)")
        }
    }

    @Test("A10 aud other") func a10() async throws {
        try await withJobsHarness { harness in
            var claims = validClaims()
            claims.aud = .init(value: ["other"])
            try await expectRefused(harness, authorization: "Bearer \(try await harness.token(claims))")
        }
    }

    @Test("A11 aud [other, master] is accepted") func a11() async throws {
        try await withJobsHarness { harness in
            var claims = validClaims()
            claims.aud = .init(value: ["other", "master"])
            let answer = try await harness.send(authorization: "Bearer \(try await harness.token(claims))")
            #expect(answer.status == 200)
        }
    }

    @Test("A12 no aud") func a12() async throws {
        try await withJobsHarness { harness in
            var claims = validClaims()
            claims.aud = nil
            try await expectRefused(harness, authorization: "Bearer \(try await harness.token(claims))")
        }
    }

    @Test("A13 exp one minute in the past") func a13() async throws {
        try await withJobsHarness(configure: { $0.leewaySeconds = 0 }) { harness in
            var claims = validClaims(now: Date().addingTimeInterval(-3660))
            claims.exp = .init(value: Date().addingTimeInterval(-60))
            try await expectRefused(harness, authorization: "Bearer \(try await harness.token(claims))")
        }
    }

    @Test("A14 no exp is accepted (original behaviour)") func a14() async throws {
        try await withJobsHarness { harness in
            var claims = validClaims()
            claims.exp = nil
            let answer = try await harness.send(authorization: "Bearer \(try await harness.token(claims))")
            #expect(answer.status == 200)
        }
    }

    @Test("A15 no sub") func a15() async throws {
        try await withJobsHarness { harness in
            var claims = validClaims()
            claims.sub = nil
            try await expectRefused(harness, authorization: "Bearer \(try await harness.token(claims))")
        }
    }

    @Test("A16 userinfo 200 without the roles claim") func a16() async throws {
        try await withJobsHarness { harness in
            let token = try await harness.token(userinfo: .init(status: 200, body: #"{"sub":"x","name":"Jane"}"#))
            try await expectRefused(harness, authorization: "Bearer \(token)")
            #expect(harness.auth0.userinfoCalls == 1)
        }
    }

    @Test("A17 userinfo 429 / 500 / non-JSON", arguments: [
        FakeAuth0.Reply(status: 429, body: #"{"error":"too_many_requests","error_description":"Too Many Requests"}"#),
        FakeAuth0.Reply(status: 500, body: #"{"error":"server_error"}"#),
        FakeAuth0.Reply(status: 200, body: "<html>gateway timeout</html>"),
    ])
    func a17(reply: FakeAuth0.Reply) async throws {
        try await withJobsHarness { harness in
            try await expectRefused(harness, authorization: "Bearer \(try await harness.token(userinfo: reply))")
        }
    }

    @Test("A18 roles [] runs the handler with rolesJSON []") func a18() async throws {
        try await withJobsHarness { harness in
            let answer = try await harness.send(authorization: "Bearer \(try await harness.token(userinfo: .roles([])))")
            #expect(answer.status == 200)
            #expect(answer.json["rolesJSON"] == "[]")
            #expect(answer.json["isAdmin"] == "false")
        }
    }

    @Test("A19 roles [admin, owner]: rolesJSON with Python separators, sub from the token") func a19() async throws {
        try await withJobsHarness { harness in
            let answer = try await harness.send(authorization: "Bearer \(try await harness.token(userinfo: .roles(["admin", "owner"])))")
            #expect(answer.status == 200)
            #expect(answer.json["rolesJSON"] == #"["admin", "owner"]"#)
            #expect(answer.json["sub"] == testSubject)
            #expect(answer.json["isAdmin"] == "true")
        }
    }

    @Test("A20 OPTIONS preflight needs no token") func a20() async throws {
        try await withJobsHarness { harness in
            let answer = try await harness.send(.options, authorization: nil)
            #expect(answer.status == 200)
            #expect(answer.headers[.accessControlAllowOrigin] == "*")
            #expect(answer.headers[.accessControlAllowHeaders]?.contains("Authorization") == true)
            #expect(harness.auth0.userinfoCalls == 0)
        }
    }

    @Test("A21 an open route ignores a garbage Authorization header") func a21() async throws {
        try await withJobsHarness { harness in
            let answer = try await harness.send(.post, "/getnewjobs", authorization: "Bearer garbage.garbage.garbage")
            #expect(answer.status == 200)
            #expect(answer.body == "[]")
        }
    }

    @Test("§3.2 words after the token are ignored") func extraWords() async throws {
        try await withJobsHarness { harness in
            let answer = try await harness.send(authorization: "Bearer \(try await harness.token()) extra words")
            #expect(answer.status == 200)
        }
    }
}
