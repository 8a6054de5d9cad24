import Hummingbird
import Logging

/// The request context every service uses: Hummingbird's core storage plus the request id that
/// the gateway assigns and echoes in `X-Request-Id`.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var requestID: String = ""

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// Bodies are read explicitly by handlers (`Request.jsonObject`) with per-route caps.
    public var maxUploadSize: Int { 1 << 20 }
}

extension AppRequestContext {
    /// A path parameter, percent-decoded as API Gateway did before calling the handler.
    public func pathParameter(_ name: String) throws -> String {
        guard let raw = parameters.get(name) else {
            throw HTTPFailure.badRequest("Missing path parameter: \(name)")
        }
        // Most names hold no escape; Foundation's decoder costs a request a few percent even then.
        guard raw.utf8.contains(UInt8(ascii: "%")) else { return String(raw) }
        guard let decoded = raw.removingPercentEncoding else {
            throw HTTPFailure.badRequest("Malformed percent-encoding in path parameter: \(name)")
        }
        return decoded
    }
}
