import Foundation
import PTRCore

/// One unit of work waiting in a queue: typically an observatory asking PIPE to process files.
struct QueueItem: Sendable, Equatable {
    /// `"{unix ms}_{8 hex}"`, the original's format; clients treat it as an opaque token.
    let id: String
    let queueName: String
    let payload: JSONValue
    let createdAt: Int64
    let sender: JSONValue

    /// A new item with the original's id scheme; `created_at` is read from the clock after the id,
    /// as the original did, so it is never earlier than the id's millisecond prefix.
    static func new(queueName: String, payload: JSONValue, sender: JSONValue) -> QueueItem {
        let idMillis = unixMilliseconds()
        let random = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(8)
        return QueueItem(id: "\(idMillis)_\(random)", queueName: queueName, payload: payload, createdAt: unixMilliseconds(), sender: sender)
    }

    var json: JSONValue {
        ["id": .string(id), "queue_name": .string(queueName), "payload": payload, "created_at": .integer(createdAt), "sender": sender]
    }
}

/// The last status a PIPE machine reported (conventionally `online` / `offline`).
struct PipeStatus: Sendable, Equatable {
    let pipeID: String
    let status: JSONValue
    let lastUpdated: Int64
    let details: JSONValue

    var json: JSONValue {
        ["pipe_id": .string(pipeID), "status": status, "last_updated": .integer(lastUpdated), "details": details]
    }
}

/// Queue names and PIPE ids go into URL paths and listings, so they are kept to a safe alphabet
/// (a deliberate difference from the original, which took any string; real names are site codes
/// such as `lcs1` and test names such as `test-queue-1741510000`).
enum PipeName {
    static let maximumLength = 256
    static let allowedPunctuation: Set<Character> = ["-", "_", ".", ":", "@", "+", "~"]

    static func isValid(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= maximumLength
            && name.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || allowedPunctuation.contains($0) }
    }

    static func rule(for field: String) -> String {
        "Invalid \(field): use 1-\(maximumLength) characters from A-Z a-z 0-9 - _ . : @ + ~"
    }
}
