import Hummingbird
import NIOCore
import PTRCore

/// What a handler answers: a status and a body that is either JSON or a string sent verbatim.
///
/// The original's response helper sent a string body as-is (not JSON-quoted) and API Gateway
/// labelled every response `application/json`; clients read error texts like `Queue is empty: q1`
/// as bare text, so both kinds keep that content type.
public struct Reply: ResponseGenerator, Sendable {
    public enum Body: Sendable {
        case json(JSONValue)
        /// JSON text read back from storage, sent as it is.
        case stored(StoredJSON)
        case text(String)
        case empty
    }

    public var status: HTTPResponse.Status
    public var body: Body
    public var headers: HTTPFields

    public init(status: HTTPResponse.Status = .ok, body: Body, headers: HTTPFields = [:]) {
        self.status = status
        self.body = body
        self.headers = headers
    }

    public static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Reply {
        Reply(status: status, body: .json(value))
    }

    public static func stored(_ document: StoredJSON, status: HTTPResponse.Status = .ok) -> Reply {
        Reply(status: status, body: .stored(document))
    }

    /// A JSON array of stored documents.
    public static func stored(_ documents: [StoredJSON]) -> Reply {
        Reply(status: .ok, body: .stored(.array(documents)))
    }

    public static func text(_ text: String, status: HTTPResponse.Status = .ok) -> Reply {
        Reply(status: status, body: .text(text))
    }

    /// What a request gets while the database cannot be had: a retry is worth it shortly.
    static let databaseUnavailable = Reply(
        status: .serviceUnavailable,
        body: .json(["message": "The database is unavailable. Please try again."]),
        headers: [.retryAfter: "1"]
    )

    public func response(from request: Request, context: some RequestContext) -> Response {
        var fields = headers
        let buffer: ByteBuffer
        switch body {
        case .json(let value): buffer = ByteBuffer(string: value.jsonText)
        case .stored(let document): buffer = ByteBuffer(string: document.text)
        case .text(let text): buffer = ByteBuffer(string: text)
        case .empty: buffer = ByteBuffer()
        }
        if fields[.contentType] == nil { fields[.contentType] = "application/json" }
        return Response(status: status, headers: fields, body: .init(byteBuffer: buffer))
    }
}

/// A client error (or a deliberate server answer) thrown from anywhere below a handler; it
/// becomes the response as it is, with the same conventions as `Reply`.
public struct HTTPFailure: Error, HTTPResponseError, Sendable {
    public let reply: Reply
    public var status: HTTPResponse.Status { reply.status }

    public init(_ status: HTTPResponse.Status, text: String) {
        reply = .text(text, status: status)
    }

    public init(_ status: HTTPResponse.Status, json: JSONValue) {
        reply = .json(json, status: status)
    }

    public init(reply: Reply) {
        self.reply = reply
    }

    public static func badRequest(_ text: String) -> HTTPFailure { HTTPFailure(.badRequest, text: text) }
    public static func notFound(_ text: String) -> HTTPFailure { HTTPFailure(.notFound, text: text) }
    public static func conflict(_ text: String) -> HTTPFailure { HTTPFailure(.conflict, text: text) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        reply.response(from: request, context: context)
    }
}
