import Hummingbird
import HummingbirdTesting

/// Serves `router` on a free loopback port for the duration of `body`, which gets the base URL
/// (`http://127.0.0.1:<port>`): the fakes of the services' neighbours (Auth0, LCO, the calendar,
/// the projects service) speak their protocol on it.
@discardableResult
public func withLoopbackServer<Value: Sendable>(
    _ router: Router<BasicRequestContext>,
    _ body: @Sendable (_ baseURL: String) async throws -> Value
) async throws -> Value {
    try await Application(router: router).test(.live) { client in
        try await body("http://127.0.0.1:\(client.port!)")
    }
}
