import Hummingbird
import PTRCore

extension ServiceRoutes {
    /// An OpenAPI 3.1 document of every route in the table (paths as clients call them after the
    /// stage prefix, which `servers` lists).
    func makeOpenAPIDocument() -> JSONValue {
        var paths = JSONObject()
        for route in routes {
            let segments = route.path.split(separator: "/")
            let openAPIPath = "/" + segments.map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
            var parameters: [JSONValue] = segments.filter { $0.hasPrefix(":") }.map {
                ["name": .string(String($0.dropFirst())), "in": "path", "required": true, "schema": ["type": "string"]]
            }
            parameters += route.queryParameters.map { ["name": .string($0), "in": "query", "required": false, "schema": ["type": "string"]] }
            var responses = JSONObject()
            for (status, text) in route.responses.sorted(by: { $0.key < $1.key }) {
                responses[String(status)] = ["description": .string(text)]
            }
            responses["403"] = ["description": "Unknown route or method: {\"message\":\"Missing Authentication Token\"}"]
            var operation: JSONObject = [
                "summary": .string(route.summary),
                "operationId": .string(route.method.rawValue.lowercased() + segments.map { "_" + $0.filter { $0.isLetter || $0.isNumber } }.joined()),
                "responses": .object(responses),
            ]
            if !parameters.isEmpty { operation["parameters"] = .array(parameters) }
            if route.method == .post || route.method == .put {
                operation["requestBody"] = [
                    "required": false,
                    "description": "JSON, read whatever the Content-Type",
                    "content": ["application/json": ["schema": [:]]],
                ]
            }
            var item = paths[openAPIPath]?.objectValue ?? [:]
            item[route.method.rawValue.lowercased()] = .object(operation)
            paths[openAPIPath] = .object(item)
        }
        return [
            "openapi": "3.1.0",
            "info": ["title": .string("ptr-\(service.rawValue)"), "version": "1.0.0"],
            "servers": .array((service.stagePrefixes.map { "/\($0)" } + ["/"]).map { ["url": .string($0)] }),
            "paths": .object(paths),
        ]
    }
}
