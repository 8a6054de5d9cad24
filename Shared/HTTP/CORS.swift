import Hummingbird

/// The CORS headers of the original: its Lambda responses carried these two on every answer.
enum CORS {
    static let allowedHeaders = "Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token,X-Amz-User-Agent,X-Amzn-Trace-Id,X-Request-Id"

    static func addResponseHeaders(to fields: inout HTTPFields) {
        fields[.accessControlAllowOrigin] = "*"
        fields[.accessControlAllowCredentials] = "true"
    }

    static func preflightHeaders(allowedMethods: String) -> HTTPFields {
        [
            .accessControlAllowOrigin: "*",
            .accessControlAllowHeaders: allowedHeaders,
            .accessControlAllowMethods: allowedMethods,
            .contentType: "application/json",
        ]
    }

    /// What API Gateway added to the errors it produced itself (403 unknown route, 401, 5xx).
    static func addGatewayErrorHeaders(to fields: inout HTTPFields) {
        fields[.accessControlAllowHeaders] = "*"
        fields[.accessControlAllowMethods] = "GET,POST,DELETE,OPTIONS"
    }
}
