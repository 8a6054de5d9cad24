import Foundation
import PTRCore
import PTROutbound

/// The two ways the clients call the services (spec/client-contract.md).
extension ServiceCluster.Service {
    /// As the UI sends: JSON with Content-Type and Origin, and `Authorization: Bearer` when given a token.
    func ui(_ path: String, _ body: JSONValue, token: String? = nil) async throws -> OutboundResponse {
        var headers: HTTPHeaders = ["Content-Type": "application/json", "Origin": "https://www.photonranch.org"]
        if let token { headers.add(name: "Authorization", value: "Bearer \(token)") }
        return try await ServiceProcess.client.post(base + path, body: Array(body.jsonText.utf8), headers: headers)
    }

    /// As the observatory sends: a raw JSON string, no Content-Type, no token.
    func observatory(_ path: String, _ body: String) async throws -> OutboundResponse {
        try await ServiceProcess.client.post(base + path, body: Array(body.utf8))
    }

    func get(_ path: String) async throws -> OutboundResponse {
        try await ServiceProcess.client.get(base + path)
    }
}

extension OutboundResponse {
    func json() throws -> JSONValue { try JSONValue.parse(text) }
}
