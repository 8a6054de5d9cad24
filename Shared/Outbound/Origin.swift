import Foundation

/// Scheme, host and port of an http(s) URL. Redirects are followed only when the target has the
/// same origin as the first request, so a credential sent to one service never reaches another
/// host, and an https request is never downgraded to http.
struct Origin: Equatable, Sendable {
    let scheme: String
    let host: String
    let port: Int

    /// Parses `string` and accepts only absolute http and https URLs.
    init(validating string: String) throws(OutboundError) {
        guard let url = URL(string: string) else {
            throw .invalidURL("not a URL")
        }
        try self.init(url: url)
    }

    init(url: URL) throws(OutboundError) {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw .invalidURL("scheme must be http or https")
        }
        guard let host = url.host?.lowercased(), !host.isEmpty else {
            throw .invalidURL("no host")
        }
        self.scheme = scheme
        self.host = host
        self.port = url.port ?? (scheme == "https" ? 443 : 80)
    }
}

enum RedirectPolicy {
    /// The request to send after `response`, or nil when `response` is final.
    /// 301/302/303 turn any method but HEAD into a GET without body (what browsers do);
    /// 307/308 repeat the method and body.
    static func nextRequest(
        after response: OutboundResponse,
        to request: OutboundRequest,
        within origin: Origin
    ) throws(OutboundError) -> OutboundRequest? {
        guard [301, 302, 303, 307, 308].contains(response.status),
            let location = response.headers["Location"]
        else { return nil }

        guard let base = URL(string: request.url),
            let target = URL(string: location, relativeTo: base)?.absoluteURL
        else {
            throw .invalidURL("redirect Location cannot be resolved")
        }
        let targetOrigin = try Origin(url: target)
        guard targetOrigin == origin else {
            throw .redirectRefused(toHost: targetOrigin.host)
        }

        var next = request
        next.url = target.absoluteString
        if response.status <= 303 && request.method != .head && request.method != .get {
            next.method = .get
            next.body = nil
            next.headers = HTTPHeaders(request.headers.fields.filter {
                !["content-type", "content-length"].contains($0.name.lowercased())
            })
        }
        return next
    }
}
