import Hummingbird
import PTRCore

extension ServiceRoutes {
    /// An OpenAPI 3.1 document of every route in the table (paths as clients call them after the
    /// stage prefix, which `servers` lists): every status each route answers, with its body.
    func makeOpenAPIDocument() -> JSONValue {
        var paths = JSONObject()
        for route in routes {
            let segments = route.path.split(separator: "/")
            let openAPIPath = "/" + segments.map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
            let pathNames = segments.filter { $0.hasPrefix(":") }.map { String($0.dropFirst()) }
            var parameters: [JSONValue] = pathNames.map {
                ["name": .string($0), "in": "path", "required": true,
                 "schema": route.pathParameters[$0] ?? JSONSchema.string(minLength: 1)]
            }
            parameters += route.query.map {
                ["name": .string($0.name), "in": "query", "required": .bool($0.required), "schema": $0.schema]
            }
            var operation: JSONObject = [
                "summary": .string(route.summary),
                "operationId": .string(route.method.rawValue.lowercased() + segments.map { "_" + $0.filter { $0.isLetter || $0.isNumber } }.joined()),
                "responses": .object(Self.documentedResponses(of: route, hasPathParameters: !pathNames.isEmpty)),
            ]
            if !parameters.isEmpty { operation["parameters"] = .array(parameters) }
            if let body = route.body {
                operation["requestBody"] = [
                    "required": .bool(body.required),
                    "description": "JSON, read whatever the Content-Type",
                    "content": ["application/json": ["schema": body.schema]],
                ]
            }
            if route.authenticated { operation["security"] = [["bearerAuth": []]] }
            var item = paths[openAPIPath]?.objectValue ?? [:]
            item[route.method.rawValue.lowercased()] = .object(operation)
            paths[openAPIPath] = .object(item)
        }
        return [
            "openapi": "3.1.0",
            "info": ["title": .string("ptr-\(service.rawValue)"), "version": "1.0.0"],
            "servers": .array((service.stagePrefixes.map { "/\($0)" } + ["/"]).map { ["url": .string($0)] }),
            "paths": .object(paths),
            "components": [
                "securitySchemes": ["bearerAuth": ["type": "http", "scheme": "bearer", "bearerFormat": "JWT"]],
                "schemas": .object(JSONObject(uniqueKeysWithValues: schemas.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })),
            ],
        ]
    }

    /// The route's own answers and those that the layers around it give (gateway, auth, path decoding).
    private static func documentedResponses(of route: Route, hasPathParameters: Bool) -> JSONObject {
        var responses = route.responses
        func add(_ status: Int, _ response: DocumentedResponse) {
            responses[status] = responses[status].map { $0.merged(with: response) } ?? response
        }
        add(403, .json("Unknown route or method: {\"message\":\"Missing Authentication Token\"}", JSONSchema.message))
        if route.authenticated { add(401, .json("No valid bearer token: {\"message\":\"Unauthorized\"}", JSONSchema.message)) }
        if hasPathParameters { add(400, "Malformed percent-encoding in a path parameter (text)") }
        if !OperationsRoutes.paths.contains(route.path) {
            add(503, DocumentedResponse(description: "The database is unavailable (Retry-After: 1)", schema: JSONSchema.message,
                                        headers: ["Retry-After": ["schema": JSONSchema.integer(minimum: 1)]]))
        }
        var documented = JSONObject()
        for (status, response) in responses.sorted(by: { $0.key < $1.key }) {
            var mediaType = JSONObject()
            if let schema = response.schema { mediaType["schema"] = schema }
            var entry: JSONObject = ["description": .string(response.description), "content": [response.mediaType: .object(mediaType)]]
            if let headers = response.headers { entry["headers"] = headers }
            documented[String(status)] = .object(entry)
        }
        return documented
    }
}
