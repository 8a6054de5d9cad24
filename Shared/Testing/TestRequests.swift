import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PTRCore

/// What a test reads of a response.
public struct TestReply: Sendable {
    public let status: HTTPResponse.Status
    public let headers: HTTPFields
    public let text: String

    /// The body parsed as JSON (fails the test with the body text when it is not JSON).
    public func json() throws -> JSONValue {
        do { return try JSONValue.parse(text) } catch { throw TestSetupError("not JSON (\(error)): \(text)") }
    }

    public subscript(header: String) -> String? { HTTPField.Name(header).flatMap { headers[$0] } }
}

extension TestClientProtocol {
    /// Sends a request the way the observatory does: a raw body and no Content-Type unless given.
    public func send(
        _ method: HTTPRequest.Method, _ uri: String, body: String? = nil, headers: HTTPFields = [:]
    ) async throws -> TestReply {
        try await send(method, uri, bytes: body.map { ByteBuffer(string: $0) }, headers: headers)
    }

    public func send(
        _ method: HTTPRequest.Method, _ uri: String, bytes: ByteBuffer?, headers: HTTPFields = [:]
    ) async throws -> TestReply {
        try await execute(uri: uri, method: method, headers: headers, body: bytes) { response in
            TestReply(status: response.status, headers: response.headers, text: String(buffer: response.body))
        }
    }

    /// Sends a JSON value the way the web UI does (axios: JSON with a Content-Type and an Origin).
    public func sendJSON(
        _ method: HTTPRequest.Method, _ uri: String, _ value: JSONValue, headers: HTTPFields = [:]
    ) async throws -> TestReply {
        var fields = headers
        fields[.contentType] = "application/json;charset=UTF-8"
        fields[HTTPField.Name("Origin")!] = "https://www.photonranch.org"
        return try await send(method, uri, body: value.jsonText, headers: fields)
    }
}

/// True when a server-written timestamp (second resolution) falls between `start`, taken before the
/// request, and now: "the current time" checked without assuming how fast a loaded machine runs.
public func isStampedDuring(_ stamp: Date, since start: Date) -> Bool {
    stamp >= start.addingTimeInterval(-1) && stamp <= Date().addingTimeInterval(1)
}
