import Foundation

/// A complete response: the final one when redirects were followed.
public struct OutboundResponse: Sendable {
    public let status: Int
    public let headers: HTTPHeaders
    public let body: [UInt8]

    public init(status: Int, headers: HTTPHeaders, body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public var isSuccess: Bool { (200..<300).contains(status) }

    /// The body as UTF-8 text (invalid sequences become U+FFFD).
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// Decodes the body as JSON, whatever the status and Content-Type.
    public func decodeJSON<Value: Decodable>(
        _ type: Value.Type = Value.self,
        decoder: JSONDecoder = JSONDecoder()
    ) throws(OutboundError) -> Value {
        do {
            return try decoder.decode(Value.self, from: Data(body))
        } catch let DecodingError.dataCorrupted(context) {
            throw .invalidJSON(context.debugDescription)
        } catch {
            throw .invalidJSON("\(error)")
        }
    }
}
