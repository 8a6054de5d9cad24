/// Why an outbound request produced no response. Messages name hosts, never full URLs or headers,
/// so they are safe to log (URLs and headers may carry credentials).
public enum OutboundError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The URL cannot be parsed, or its scheme is not http/https.
    case invalidURL(String)
    /// A header or body could not be sent as given (e.g. a line break inside a header value).
    case invalidRequest(String)
    case hostNotFound(String)
    /// Nothing listens on the port (the peer answered the connection attempt with a reset).
    case connectionRefused(String)
    /// Any other failure to reach the peer (unreachable network, connection dropped mid-answer, ...).
    case connectionFailed(String)
    /// The connect timeout or the total timeout passed.
    case timeout
    /// The answer's body is larger than the configured cap; its bytes were discarded.
    case responseTooLarge(limit: Int)
    /// The TLS handshake failed, e.g. the peer's certificate does not verify.
    case tlsFailure(String)
    /// A redirect pointed to another scheme, host or port (only same-origin redirects are followed).
    case redirectRefused(toHost: String)
    case tooManyRedirects(limit: Int)
    /// The body is not the JSON that `decodeJSON` was asked for.
    case invalidJSON(String)
    case cancelled
    /// The client was shut down before the request finished.
    case shutDown
    /// A libcurl failure with no more specific case.
    case transport(String)

    public var description: String {
        switch self {
        case .invalidURL(let reason): "invalid URL: \(reason)"
        case .invalidRequest(let reason): "invalid request: \(reason)"
        case .hostNotFound(let detail): "host not found: \(detail)"
        case .connectionRefused(let detail): "connection refused: \(detail)"
        case .connectionFailed(let detail): "connection failed: \(detail)"
        case .timeout: "timed out"
        case .responseTooLarge(let limit): "response larger than \(limit) bytes"
        case .tlsFailure(let detail): "TLS failure: \(detail)"
        case .redirectRefused(let host): "redirect to another origin (\(host)) refused"
        case .tooManyRedirects(let limit): "more than \(limit) redirects"
        case .invalidJSON(let detail): "response is not the expected JSON: \(detail)"
        case .cancelled: "cancelled"
        case .shutDown: "client shut down"
        case .transport(let detail): "transport error: \(detail)"
        }
    }
}
