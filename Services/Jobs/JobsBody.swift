import Hummingbird
import NIOCore
import PTRCore
import PTRHTTP

/// The body rules of every jobs route (spec/jobs.md §3): parsed as JSON whatever the Content-Type,
/// at most 400 KiB (the original's item size), and an object; anything else is a 400, not `{}`.
enum JobsBody {
    static let limit = 409_600
    static let notAnObject = "Error: request body must be a JSON object"
    static let tooLarge = "Request body too large"

    static func object(of request: Request) async throws -> JSONObject {
        var request = request
        return try await object(of: &request)
    }

    /// As `object(of:)`, keeping the bytes read in `request`, so that the rest of its connection's
    /// stream can still be watched (a long poll notices its client hanging up that way).
    static func object(of request: inout Request) async throws -> JSONObject {
        let bytes: ByteBuffer
        do {
            bytes = try await request.collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw HTTPFailure(.contentTooLarge, text: tooLarge)
        }
        guard case .object(let object)? = try? JSONValue.parse(bytes.readableBytesView) else {
            throw HTTPFailure.badRequest(notAnObject)
        }
        return object
    }

    /// Runs `handler`, answering its failures as `{"message": text}`: the observatory calls
    /// `.json()` on every `getnewjobs` answer without a guard, errors included (§3.2).
    static func jsonErrors(_ handler: () async throws -> Reply) async throws -> Reply {
        do {
            return try await handler()
        } catch let failure as HTTPFailure {
            guard case .text(let text) = failure.reply.body else { throw failure }
            throw HTTPFailure(failure.status, json: ["message": .string(text)])
        }
    }

    /// The answer to a status write: the original's storage metadata, reduced (§3.3).
    static func metadata(requestID: String) -> JSONValue {
        ["ResponseMetadata": ["RequestId": .string(requestID), "HTTPStatusCode": 200, "HTTPHeaders": [:], "RetryAttempts": 0]]
    }
}
