import Foundation
import HTTPTypes
import Hummingbird
import Logging
import PTRCore

/// Everything API Gateway did in front of the original Lambdas, in one responder around the router:
/// stage prefixes and `//` folded away, 403 `Missing Authentication Token` for an unknown route or
/// method, CORS headers on every answer, and — ours — a request id, a log line and metrics per request.
struct GatewayResponder<Inner: HTTPResponder>: HTTPResponder where Inner.Context == AppRequestContext {
    let inner: Inner
    let stagePrefixes: Set<String>
    let metrics: RequestMetrics
    let logger: Logger

    func respond(to request: Request, context: AppRequestContext) async throws -> Response {
        let start = ContinuousClock.now
        var context = context
        context.requestID = Self.requestID(from: request)
        let routed = Self.routedRequest(request, stagePrefixes: stagePrefixes)

        var response: Response
        do {
            response = try await inner.respond(to: routed, context: context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: routed, context: context)
        } catch {
            logger.error("unhandled error", metadata: ["request_id": .string(context.requestID), "error": .string(String(reflecting: error))])
            response = Reply.json(["message": "Internal server error"], status: .internalServerError).response(from: routed, context: context)
        }

        let route = context.endpointPath ?? "NotFound"
        if route == "NotFound" {
            response = Reply.json(["message": "Missing Authentication Token"], status: .forbidden).response(from: routed, context: context)
            CORS.addGatewayErrorHeaders(to: &response.headers)
        }
        CORS.addResponseHeaders(to: &response.headers)
        response.headers[.requestID] = context.requestID

        let duration = ContinuousClock.now - start
        metrics.record(route: route, method: request.method.rawValue, status: response.status.code, duration: duration)
        logger.info("request", metadata: [
            "request_id": .string(context.requestID),
            "method": .string(request.method.rawValue),
            "path": .string(request.uri.path),
            "route": .string(route),
            "status": .stringConvertible(response.status.code),
            "duration_ms": .string(String(format: "%.3f", Double(duration.components.attoseconds) / 1e15 + Double(duration.components.seconds) * 1000)),
        ])
        return response
    }

    /// The client's `X-Request-Id` when it is a sane token, otherwise a new one.
    static func requestID(from request: Request) -> String {
        if let given = request.headers[.requestID], (1...128).contains(given.utf8.count),
           given.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) {
            return given
        }
        return UUID().uuidString.lowercased()
    }

    /// The request with its path as the router expects it.
    static func routedRequest(_ request: Request, stagePrefixes: Set<String>) -> Request {
        let path = request.uri.path
        let normalized = normalizedPath(path, stagePrefixes: stagePrefixes)
        guard normalized != path else { return request }
        var head = request.head
        head.path = normalized + (request.uri.query.map { "?" + $0 } ?? "")
        return Request(head: head, body: request.body)
    }

    /// Collapses repeated `/`, drops a trailing `/` and one leading stage prefix:
    /// `/api//upload/` → `/upload`, `/calendar/siteevents` → `/siteevents`.
    static func normalizedPath(_ path: String, stagePrefixes: Set<String>) -> String {
        var segments = path.split(separator: "/", omittingEmptySubsequences: true)
        if let first = segments.first, stagePrefixes.contains(String(first)) {
            segments.removeFirst()
        }
        return "/" + segments.joined(separator: "/")
    }
}

extension HTTPField.Name {
    static let requestID = HTTPField.Name("X-Request-Id")!
}

/// Builds the gateway around a finished router, as `Application` expects of a responder builder.
struct GatewayResponderBuilder: HTTPResponderBuilder {
    let routes: ServiceRoutes
    let metrics: RequestMetrics
    let logger: Logger

    func buildResponder() -> GatewayResponder<RouterResponder<AppRequestContext>> {
        GatewayResponder(
            inner: routes.finish().buildResponder(),
            stagePrefixes: Set(routes.service.stagePrefixes),
            metrics: metrics,
            logger: logger
        )
    }
}
