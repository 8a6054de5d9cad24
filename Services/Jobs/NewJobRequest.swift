import PTRCore
import PTRHTTP

/// A `newjob` body checked the way spec/jobs.md §3.1 says: the required keys in table order, then
/// their types. Only these keys are kept; roles never come from the body.
struct NewJobRequest: Sendable {
    static let requiredKeys = ["site", "device", "instance", "action", "user_name", "user_id", "optional_params", "required_params"]
    static let cancelAction = "cancel_all_commands"

    let site: String
    let deviceType: String
    let deviceInstance: String
    let action: String
    let userName: JSONValue
    let userID: JSONValue
    let optionalParams: JSONValue
    let requiredParams: JSONValue

    init(body: JSONObject) throws(HTTPFailure) {
        for key in Self.requiredKeys where body[key] == nil {
            throw .badRequest("Error: missing required key \(key)")
        }
        site = try SiteName.parse(body["site"])
        deviceType = try Self.text(body, "device")
        deviceInstance = try Self.text(body, "instance")
        action = try Self.text(body, "action")
        userName = body["user_name"]!
        userID = body["user_id"]!
        optionalParams = try Self.object(body, "optional_params")
        requiredParams = try Self.object(body, "required_params")
    }

    /// Purges every earlier job of the site. Only the exact raw string purges (`"stop"` does not).
    var isCancelAll: Bool { action == Self.cancelAction }

    /// The job document in the original's key order.
    func document(ulid: ULID, rolesJSON: String) -> JSONObject {
        [
            "site": .string(site), "ulid": .string(ulid.description), "user_name": userName, "user_id": userID,
            "user_roles": .string(rolesJSON), "timestamp_ms": .integer(ulid.milliseconds),
            "deviceType": .string(deviceType), "deviceInstance": .string(deviceInstance), "action": .string(action),
            "optional_params": optionalParams, "required_params": requiredParams,
        ]
    }

    /// Python's `f"{value}"` for scalars (`null` → `None`, `true` → `True`); arrays and objects are refused.
    private static func text(_ body: JSONObject, _ key: String) throws(HTTPFailure) -> String {
        switch body[key]! {
        case .null: return "None"
        case .bool(let flag): return flag ? "True" : "False"
        case .array, .object: throw .badRequest("Error: \(key) must be a string")
        case let value: return value.keyText!
        }
    }

    /// The observatory indexes into the parameters; a non-object would abort its whole batch.
    private static func object(_ body: JSONObject, _ key: String) throws(HTTPFailure) -> JSONValue {
        let value = body[key]!
        guard case .object = value else { throw .badRequest("Error: \(key) must be a JSON object") }
        return value
    }
}

/// Site codes are free text in the original (there is no registry); here they are bounded.
enum SiteName {
    static let maximumBytes = 128
    static let rule = "Error: site must be a non-empty string"

    /// The site, or 400 with `rule` for anything but a non-empty string of at most 128 bytes
    /// without control characters (spec §7.3).
    static func parse(_ value: JSONValue?) throws(HTTPFailure) -> String {
        guard case .string(let site) = value, !site.isEmpty, site.utf8.count <= maximumBytes,
              !site.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .badRequest(rule)
        }
        return site
    }
}
