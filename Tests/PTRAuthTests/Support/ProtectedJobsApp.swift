import Foundation
import PTRTesting
import Hummingbird
import HummingbirdTesting
import PTRAuth
import PTROutbound

/// One client for every test (each owns a curl thread).
let testHTTPClient = OutboundHTTPClient(configuration: .init(connectTimeout: .seconds(2), timeout: .seconds(5)))

/// The configuration the tests start from: the trusted key as a certificate (the original's
/// form, auth.md §3.3) and the fake tenant's userinfo.
func testConfiguration(_ auth0: FakeAuth0) throws -> AuthConfiguration {
    AuthConfiguration(publicKeyPEM: try TestKeys.trusted.certificatePEM(), userinfoURL: auth0.userinfoURL)
}

/// A miniature jobs service wired the way a service uses PTRAuth: `POST /newjob` protected,
/// `POST /getnewjobs` open, and gateway-style CORS (preflight answered before any auth).
func protectedJobsRouter(authenticator: Authenticator, jobsCreated: Locked<Int>) -> Router<BasicRequestContext> {
    let router = Router()
    router.add(middleware: GatewayCORSMiddleware())
    router.post("/newjob") { request, _ -> Response in
        let caller: Identity
        do throws(AuthFailure) {
            caller = try await authenticator.authenticate(authorizationHeader: request.headers[.authorization])
        } catch {
            return Response(error.response)
        }
        jobsCreated.withLock { $0 += 1 }
        let body = try JSONEncoder().encode(["sub": caller.sub, "rolesJSON": caller.rolesJSON, "isAdmin": "\(caller.isAdmin)"])
        return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
    router.post("/getnewjobs") { _, _ in "[]" }
    return router
}

extension Response {
    /// How an HTTP layer turns an auth failure into its answer: copy status, headers and body.
    init(_ failure: AuthFailureResponse) {
        var headers = HTTPFields()
        for (name, value) in failure.headers {
            headers[.init(name)!] = value
        }
        self.init(status: .init(code: failure.status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: failure.body)))
    }
}

/// What the lead's HTTP layer does for every service (auth.md §6.4), reduced to the minimum.
struct GatewayCORSMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.method == .options {
            return Response(status: .ok, headers: [
                .accessControlAllowOrigin: "*",
                .accessControlAllowMethods: "OPTIONS,POST",
                .accessControlAllowHeaders: "Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token,X-Amz-User-Agent",
            ])
        }
        var response = try await next(request, context)
        response.headers[.accessControlAllowOrigin] = "*"
        return response
    }
}

/// The jobs app and the fake tenant, running for one test.
struct JobsHarness: Sendable {
    let auth0: FakeAuth0
    let client: any TestClientProtocol
    let jobsCreated: Locked<Int>

    struct Answer {
        let status: Int
        let body: String
        let headers: HTTPFields

        var json: [String: String] { (try? JSONDecoder().decode([String: String].self, from: Data(body.utf8))) ?? [:] }
    }

    func send(_ method: HTTPRequest.Method = .post, _ path: String = "/newjob", authorization: String?) async throws -> Answer {
        var headers = HTTPFields()
        if let authorization { headers[.authorization] = authorization }
        return try await client.execute(uri: path, method: method, headers: headers, body: ByteBuffer(string: "{}")) { response in
            Answer(status: Int(response.status.code), body: String(buffer: response.body), headers: response.headers)
        }
    }

    /// Signs `claims` and has the fake tenant's userinfo answer `userinfo` for the token.
    func token(
        _ claims: AccessTokenClaims = validClaims(),
        key: DevelopmentSigningKey = TestKeys.trusted,
        userinfo: FakeAuth0.Reply = .roles(["owner"])
    ) async throws -> String {
        let token = try await key.sign(claims)
        auth0.answer(token, with: userinfo)
        return token
    }
}

func withJobsHarness(
    configure: @Sendable (inout AuthConfiguration) -> Void = { _ in },
    _ body: @Sendable (JobsHarness) async throws -> Void
) async throws {
    try await withFakeAuth0 { auth0 in
        var configuration = try testConfiguration(auth0)
        configure(&configuration)
        let authenticator = try await Authenticator(configuration: configuration, httpClient: testHTTPClient)
        let jobsCreated = Locked(0)
        let router = protectedJobsRouter(authenticator: authenticator, jobsCreated: jobsCreated)
        try await Application(router: router).test(.router) { client in
            try await body(JobsHarness(auth0: auth0, client: client, jobsCreated: jobsCreated))
        }
    }
}

/// The `AuthFailure` that authenticating `header` ends in, or nil when it succeeds.
func refusal(_ authenticator: Authenticator, _ header: String?) async -> AuthFailure? {
    do throws(AuthFailure) {
        _ = try await authenticator.authenticate(authorizationHeader: header)
        return nil
    } catch {
        return error
    }
}
