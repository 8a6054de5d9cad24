import PTRCore

/// The two independent queues of a site (spec/jobs.md §2.1): the observatory polls the primary one;
/// the alternate one is a second, independent reader of the same jobs.
enum JobQueue: Sendable {
    case primary, alternate

    /// Python truthiness of the body's `alternateQueue`, as the original tested it.
    init(alternateFlag: JSONValue?) {
        self = alternateFlag?.isTruthy == true ? .alternate : .primary
    }

    /// The status column of this queue (a fixed name, safe to put into SQL text).
    var statusColumn: String {
        switch self {
        case .primary: "status"
        case .alternate: "replica_status"
        }
    }
}

/// A stored job: the immutable document written by `newjob` plus the mutable status fields kept
/// in their own columns, so that a claim or a status change is a one-column update (§2.3).
struct Job: Sendable {
    static let unread = "UNREAD"
    static let received = "RECEIVED"
    static let started = "STARTED"

    let site: String
    let ulid: String
    var status: String
    var replicaStatus: String
    let timestampMilliseconds: Int64
    /// nil: the key is absent (never set); otherwise the JSON value set by updatejobstatus/startjob.
    var secondsUntilComplete: JSONValue?
    /// site, ulid, user_name, user_id, user_roles, timestamp_ms, deviceType, deviceInstance, action,
    /// optional_params, required_params, in that order.
    let document: JSONObject

    /// The document the clients see: the stored keys with `statusId` and `replicaStatusId` after
    /// `ulid`, as the original's `newjob` answer orders them.
    var json: JSONObject {
        var object: JSONObject = [:]
        for (key, value) in document {
            object[key] = value
            if key == "ulid" {
                object["statusId"] = .string("\(status)#\(ulid)")
                object["replicaStatusId"] = .string("\(replicaStatus)#\(ulid)")
            }
        }
        if let secondsUntilComplete { object["secondsUntilComplete"] = secondsUntilComplete }
        return object
    }

    var jsonValue: JSONValue { .object(json) }
}
