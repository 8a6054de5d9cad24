import Foundation
import HTTPTypes
import Hummingbird
import Logging
import PTRCore
import PTRStorage

/// Everything API Gateway did in front of the original Lambdas, in one responder around the router:
/// stage prefixes and `//` folded away, 403 `Missing Authentication Token` for an unknown route or
/// method, CORS headers on every answer, and — ours — a request id, a log line and metrics per request.
struct GatewayResponder<Inner: HTTPResponder>: HTTPResponder where Inner.Context == AppRequestContext {
    let inner: Inner
    let stagePrefixes: Set<String>
    let metrics: RequestMetrics
    let logger: Logger
    /// False until the service's migrations have run: until then only the operations routes answer.
    let isServing: @Sendable () -> Bool

    func respond(to request: Request, context: AppRequestContext) async throws -> Response {
        let start = ContinuousClock.now
        var context = context
        context.requestID = Self.requestID(from: request)
        let routed = Self.routedRequest(request, stagePrefixes: stagePrefixes)

        var response: Response
        var route = "NotServing"
        if isServing() || OperationsRoutes.paths.contains(routed.uri.path) {
            response = await respond(routed, context)
            route = context.endpointPath ?? "NotFound"
            if route == "NotFound" {
                response = Reply.json(["message": "Missing Authentication Token"], status: .forbidden).response(from: routed, context: context)
                CORS.addGatewayErrorHeaders(to: &response.headers)
            }
        } else {
            response = Reply.databaseUnavailable.response(from: routed, context: context)
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

    /// The inner responder's answer, with every error it throws turned into a response.
    private func respond(_ request: Request, _ context: AppRequestContext) async -> Response {
        do {
            return try await inner.respond(to: request, context: context)
        } catch let error as any HTTPResponseError {
            return (try? error.response(from: request, context: context)) ?? Response(status: error.status)
        } catch let error as DatabaseUnavailable {
            logger.warning("database unavailable", metadata: ["request_id": .string(context.requestID), "error": .string(error.description)])
            return Reply.databaseUnavailable.response(from: request, context: context)
        } catch where ClientDisconnect.isDisconnect(error) {
            // Nobody reads this answer; a client's going is routine, not a server error.
            logger.debug("client went away", metadata: ["request_id": .string(context.requestID), "error": .string(String(describing: error))])
            metrics.recordClientDisconnect()
            return Response(status: ClientDisconnect.status)
        } catch {
            logger.error("unhandled error", metadata: ["request_id": .string(context.requestID), "error": .string(String(reflecting: error))])
            return Reply.json(["message": "Internal server error"], status: .internalServerError).response(from: request, context: context)
        }
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
    let isServing: @Sendable () -> Bool

    func buildResponder() -> GatewayResponder<RouterResponder<AppRequestContext>> {
        GatewayResponder(
            inner: routes.finish().buildResponder(),
            stagePrefixes: Set(routes.service.stagePrefixes),
            metrics: metrics,
            logger: logger,
            isServing: isServing
        )
    }
}
