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
        /// The schema of each path parameter that says more than "a non-empty string".
        public let pathParameters: [String: JSONValue]
        public let query: [QueryParameter]
        public let body: DocumentedBody?
        /// Needs a bearer token (spec/auth.md); 401 is then documented for it.
        public let authenticated: Bool
        public let responses: [Int: DocumentedResponse]
    }

    public let service: ServiceName
    let router: Router<AppRequestContext>
    public private(set) var routes: [Route] = []
    /// Schemas the routes refer to by name (`components/schemas` of the OpenAPI document).
    public private(set) var schemas: [String: JSONValue] = [:]
    /// Set by `finish()`, before the application serves its first request.
    public private(set) var openAPIDocument: JSONValue = .null

    public init(service: ServiceName) {
        self.service = service
        router = Router(context: AppRequestContext.self)
    }

    /// Names `schema` in the OpenAPI document (so that it may refer to itself) and returns the reference to it.
    @discardableResult
    public func defineSchema(_ name: String, _ schema: JSONValue) -> JSONValue {
        schemas[name] = schema
        return JSONSchema.reference(name)
    }

    /// Adds a route. The other arguments describe it for the OpenAPI document: `responses` every
    /// status it answers (the gateway's 403, 503 and 401 and the path parameters' 400 are added),
    /// `body` the JSON it reads.
    public func on(
        _ method: HTTPRequest.Method, _ path: String, summary: String, pathParameters: [String: JSONValue] = [:],
        query: [QueryParameter] = [], body: DocumentedBody? = nil, authenticated: Bool = false,
        responses: [Int: DocumentedResponse] = [200: "OK"], handler: @escaping Handler
    ) {
        routes.append(Route(method: method, path: path, summary: summary, pathParameters: pathParameters, query: query,
                            body: body, authenticated: authenticated, responses: responses))
        router.on(RouterPath(path), method: method) { request, context in try await handler(request, context) }
    }

    public func get(
        _ path: String, summary: String, pathParameters: [String: JSONValue] = [:], query: [QueryParameter] = [],
        authenticated: Bool = false, responses: [Int: DocumentedResponse] = [200: "OK"], handler: @escaping Handler
    ) {
        on(.get, path, summary: summary, pathParameters: pathParameters, query: query, authenticated: authenticated,
           responses: responses, handler: handler)
    }

    public func post(
        _ path: String, summary: String, pathParameters: [String: JSONValue] = [:], body: DocumentedBody? = nil,
        authenticated: Bool = false, responses: [Int: DocumentedResponse] = [200: "OK"], handler: @escaping Handler
    ) {
        on(.post, path, summary: summary, pathParameters: pathParameters, body: body, authenticated: authenticated,
           responses: responses, handler: handler)
    }

    public func put(
        _ path: String, summary: String, pathParameters: [String: JSONValue] = [:], body: DocumentedBody? = nil,
        responses: [Int: DocumentedResponse] = [200: "OK"], handler: @escaping Handler
    ) {
        on(.put, path, summary: summary, pathParameters: pathParameters, body: body, responses: responses, handler: handler)
    }

    public func delete(
        _ path: String, summary: String, pathParameters: [String: JSONValue] = [:], responses: [Int: DocumentedResponse] = [200: "OK"],
        handler: @escaping Handler
    ) {
        on(.delete, path, summary: summary, pathParameters: pathParameters, responses: responses, handler: handler)
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
