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
    /// optional_params, required_params (its key order is not kept by storage).
    let document: JSONObject

    /// The keys of a job in the order of the original's `newjob` answer (a parsed document comes
    /// back with its keys sorted).
    static let keyOrder = ["site", "ulid", "statusId", "replicaStatusId", "user_name", "user_id", "user_roles", "timestamp_ms",
                           "deviceType", "deviceInstance", "action", "optional_params", "required_params"]

    /// The document the clients see: the stored keys plus `statusId` and `replicaStatusId`.
    var json: JSONObject {
        var fields = document
        fields["statusId"] = .string("\(status)#\(ulid)")
        fields["replicaStatusId"] = .string("\(replicaStatus)#\(ulid)")
        var object: JSONObject = [:]
        for key in Self.keyOrder { object[key] = fields.removeValue(forKey: key) }
        object.merge(fields) { first, _ in first }
        if let secondsUntilComplete { object["secondsUntilComplete"] = secondsUntilComplete }
        return object
    }

    var jsonValue: JSONValue { .object(json) }
}
