import Hummingbird
import PTRCore

/// The routes of one service: registered on Hummingbird's router and remembered, so that CORS
/// preflight can list each path's methods and `/openapi.json` can describe every route.
public final class ServiceRoutes: @unchecked Sendable {
    // Mutated only while the application is being built, read-only once it serves.
    public typealias Handler = @Sendable (Request, AppRequestContext) async throws -> Reply

    public struct Route: Sendable {
        public let method: HTTPRequest.Method
        /// Hummingbird syntax: `/pipe/queue/:queue_name`.
        public let path: String
        public let summary: String
        public let queryParameters: [String]
        public let responses: [Int: String]
    }

    public let service: ServiceName
    let router: Router<AppRequestContext>
    public private(set) var routes: [Route] = []
    /// Set by `finish()`, before the application serves its first request.
    public private(set) var openAPIDocument: JSONValue = .null

    public init(service: ServiceName) {
        self.service = service
        router = Router(context: AppRequestContext.self)
    }

    /// Adds a route. `responses` documents the statuses it answers (for the OpenAPI document).
    public func on(
        _ method: HTTPRequest.Method, _ path: String, summary: String, query: [String] = [],
        responses: [Int: String] = [200: "OK"], handler: @escaping Handler
    ) {
        routes.append(Route(method: method, path: path, summary: summary, queryParameters: query, responses: responses))
        router.on(RouterPath(path), method: method) { request, context in try await handler(request, context) }
    }

    public func get(_ path: String, summary: String, query: [String] = [], responses: [Int: String] = [200: "OK"], handler: @escaping Handler) {
        on(.get, path, summary: summary, query: query, responses: responses, handler: handler)
    }

    public func post(_ path: String, summary: String, query: [String] = [], responses: [Int: String] = [200: "OK"], handler: @escaping Handler) {
        on(.post, path, summary: summary, query: query, responses: responses, handler: handler)
    }

    public func put(_ path: String, summary: String, query: [String] = [], responses: [Int: String] = [200: "OK"], handler: @escaping Handler) {
        on(.put, path, summary: summary, query: query, responses: responses, handler: handler)
    }

    public func delete(_ path: String, summary: String, query: [String] = [], responses: [Int: String] = [200: "OK"], handler: @escaping Handler) {
        on(.delete, path, summary: summary, query: query, responses: responses, handler: handler)
    }

    /// Registers the CORS preflight of every path (API Gateway answered OPTIONS on each resource
    /// with the methods defined there) and returns the finished router.
    func finish() -> Router<AppRequestContext> {
        var methodsByPath: [String: [HTTPRequest.Method]] = [:]
        for route in routes { methodsByPath[route.path, default: []].append(route.method) }
        for (path, methods) in methodsByPath where !methods.contains(.options) {
            let allowed = (["OPTIONS"] + methods.map(\.rawValue)).joined(separator: ",")
            router.on(RouterPath(path), method: .options) { _, _ in
                Reply(status: .ok, body: .empty, headers: CORS.preflightHeaders(allowedMethods: allowed))
            }
        }
        openAPIDocument = makeOpenAPIDocument()
        return router
    }
}
