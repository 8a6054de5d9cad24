import PTRCore

/// Another Photon Ranch service as its neighbours call it: JSON posted to a path under its base URL
/// (`PTR_<SERVICE>_URL`), each call bounded by one timeout, connecting included.
public struct SiblingService: Sendable {
    public let baseURL: String
    let http: OutboundHTTPClient
    let timeout: Duration

    public init(_ service: ServiceName, of configuration: ServiceConfiguration, http: OutboundHTTPClient, timeout: Duration) {
        let url = configuration.url(of: service)
        self.baseURL = url.hasSuffix("/") ? String(url.dropLast()) : url
        self.http = http
        self.timeout = timeout
    }

    /// POSTs `body` as JSON to `path` (e.g. `/get-project`): the answer whatever its status, or the
    /// `OutboundError` of a call that got none.
    public func post(_ path: String, _ body: JSONValue) async throws(OutboundError) -> OutboundResponse {
        try await http.execute(OutboundRequest(
            method: .post, url: baseURL + path, headers: ["Content-Type": "application/json"],
            body: Array(body.jsonText.utf8), timeout: timeout, connectTimeout: timeout))
    }
}
