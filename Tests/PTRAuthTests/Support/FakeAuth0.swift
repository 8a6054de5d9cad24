import Foundation
import PTRTesting
import Hummingbird
import HummingbirdTesting
import PTRAuth

/// A loopback stand-in for the Auth0 tenant, speaking its protocol: `GET /userinfo` with
/// `Authorization: Bearer <access token>`, and `GET /.well-known/jwks.json`.
struct FakeAuth0: Sendable {
    struct Reply: Sendable {
        var status: Int
        var body: String

        /// A userinfo document with the namespaced roles claim.
        static func roles(_ roles: [String], name: String = "Jane") -> Reply {
            let list = roles.map { "\"\($0)\"" }.joined(separator: ",")
            return Reply(status: 200, body: #"{"sub":"x","name":"\#(name)","nickname":"jane","https://photonranch.org/user_metadata":{"roles":[\#(list)]}}"#)
        }
    }

    struct State {
        /// What `/userinfo` answers for each access token; unknown tokens get Auth0's 401.
        var userinfo: [String: Reply] = [:]
        var userinfoCalls = 0
        var jwks = #"{"keys":[]}"#
        var jwksFetches = 0
        /// Delay before answering userinfo, to make concurrent lookups overlap.
        var userinfoDelay: Duration = .zero
    }

    let baseURL: String
    let state: Locked<State>

    var userinfoURL: String { "\(baseURL)/userinfo" }
    var jwksURL: String { "\(baseURL)/.well-known/jwks.json" }

    func answer(_ token: String, with reply: Reply) {
        state.withLock { $0.userinfo[token] = reply }
    }

    /// Publishes `keys` as the tenant's JWKS, each under its kid.
    func publish(_ keys: [(kid: String, key: DevelopmentSigningKey)]) throws {
        let entries = try keys.map { try JSONSerialization.data(withJSONObject: try $0.key.jwk(keyID: $0.kid)) }
        let json = #"{"keys":["# + entries.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ",") + "]}"
        state.withLock { $0.jwks = json }
    }

    var userinfoCalls: Int { state.current.userinfoCalls }
    var jwksFetches: Int { state.current.jwksFetches }
}

/// Runs `body` while a fake Auth0 tenant listens on loopback.
func withFakeAuth0<Value: Sendable>(_ body: @Sendable (FakeAuth0) async throws -> Value) async throws -> Value {
    let state = Locked(FakeAuth0.State())
    let router = Router()
    router.get("/userinfo") { request, _ -> Response in
        let (reply, delay) = state.withLock { state -> (FakeAuth0.Reply?, Duration) in
            state.userinfoCalls += 1
            let header = request.headers[.authorization] ?? ""
            let token = header.hasPrefix("Bearer ") ? String(header.dropFirst(7)) : ""
            return (state.userinfo[token], state.userinfoDelay)
        }
        try await Task.sleep(for: delay)
        let answer = reply ?? FakeAuth0.Reply(status: 401, body: "Unauthorized")
        return Response(status: .init(code: answer.status), body: .init(byteBuffer: ByteBuffer(string: answer.body)))
    }
    router.get("/.well-known/jwks.json") { _, _ -> Response in
        let jwks = state.withLock { state -> String in
            state.jwksFetches += 1
            return state.jwks
        }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: jwks)))
    }
    return try await withLoopbackServer(router) { url in
        try await body(FakeAuth0(baseURL: url, state: state))
    }
}
