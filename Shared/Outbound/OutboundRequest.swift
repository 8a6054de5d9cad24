import Foundation

/// An HTTP request method. A struct rather than an enum so that any token (e.g. `PROPFIND`) can be sent.
public struct HTTPMethod: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue.uppercased() }

    public static let get = HTTPMethod(rawValue: "GET")
    public static let head = HTTPMethod(rawValue: "HEAD")
    public static let post = HTTPMethod(rawValue: "POST")
    public static let put = HTTPMethod(rawValue: "PUT")
    public static let patch = HTTPMethod(rawValue: "PATCH")
    public static let delete = HTTPMethod(rawValue: "DELETE")

    public var description: String { rawValue }
}

/// One outbound request. The optional limits override the client's configuration for this request only.
public struct OutboundRequest: Sendable {
    public var method: HTTPMethod
    public var url: String
    public var headers: HTTPHeaders
    public var body: [UInt8]?
    /// Total time for the whole exchange, redirects included.
    public var timeout: Duration?
    public var connectTimeout: Duration?
    public var maxResponseBytes: Int?

    public init(
        method: HTTPMethod = .get,
        url: String,
        headers: HTTPHeaders = [:],
        body: [UInt8]? = nil,
        timeout: Duration? = nil,
        connectTimeout: Duration? = nil,
        maxResponseBytes: Int? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.maxResponseBytes = maxResponseBytes
    }

    /// A request whose body is `value` encoded as JSON, with `Content-Type: application/json`
    /// unless `headers` already names a content type.
    public static func json(
        _ method: HTTPMethod = .post,
        url: String,
        body value: some Encodable,
        headers: HTTPHeaders = [:],
        encoder: JSONEncoder = JSONEncoder()
    ) throws(OutboundError) -> OutboundRequest {
        let data: Data
        do {
            data = try encoder.encode(value)
        } catch {
            throw .invalidRequest("body cannot be encoded as JSON: \(error)")
        }
        var headers = headers
        if !headers.contains("Content-Type") {
            headers.add(name: "Content-Type", value: "application/json")
        }
        return OutboundRequest(method: method, url: url, headers: headers, body: Array(data))
    }
}
