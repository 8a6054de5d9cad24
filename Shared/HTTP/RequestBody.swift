import Hummingbird
import NIOCore
import PTRCore

extension Request {
    /// The request body as bytes, up to `limit`; a larger body is refused with 413.
    public func bodyBytes(limit: Int) async throws -> ByteBuffer {
        do {
            return try await body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw HTTPFailure(.contentTooLarge, text: "Request body is larger than \(limit) bytes")
        }
    }

    /// The body read the way the original handlers read it: parsed as JSON whatever the
    /// Content-Type (the observatory sends none), a missing or unparsable body taken as `{}`.
    /// A valid JSON body that is not an object crashed the original (502); here it is a 400.
    public func jsonObject(limit: Int) async throws -> JSONObject {
        let bytes = try await bodyBytes(limit: limit)
        guard bytes.readableBytes > 0, let value = try? JSONValue.parse(bytes.readableBytesView) else {
            return [:]
        }
        guard case .object(let object) = value else {
            throw HTTPFailure.badRequest("Request body must be a JSON object")
        }
        return object
    }
}
