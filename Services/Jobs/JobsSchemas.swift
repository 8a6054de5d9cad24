import PTRCore
import PTRHTTP

/// The JSON Schemas of the jobs' OpenAPI document, matching `JobsBody`, `NewJobRequest` and
/// `JobsRoutes`. Every body is a JSON object of at most 400 KiB (413).
enum JobsSchemas {
    /// `SiteName`: 1–128 UTF-8 bytes, no control characters.
    static let site = JSONSchema.described(JSONSchema.string(minLength: 1, maxLength: SiteName.maximumBytes, pattern: "^[^\\u0000-\\u001F\\u007F-\\u009F]*$"),
                                           "At most \(SiteName.maximumBytes) UTF-8 bytes")
    /// Taken as Python's f-string text of a scalar.
    static let scalar: JSONValue = ["type": ["string", "number", "boolean", "null"]]

    static let newJobBody = JSONSchema.object([
        "site": site, "device": scalar, "instance": scalar, "action": scalar, "user_name": JSONSchema.anything, "user_id": JSONSchema.anything,
        "optional_params": JSONSchema.anyObject, "required_params": JSONSchema.anyObject,
    ], required: NewJobRequest.requiredKeys)
    static let alternateQueue = JSONSchema.described(JSONSchema.anything, "Truthy: the alternate queue")
    static let claimBody = JSONSchema.object([
        "site": site, "alternateQueue": alternateQueue,
        "wait_s": JSONSchema.described(JSONSchema.number, "Long-poll seconds, clamped to 0...\(Int(JobsRoutes.maximumWait))"),
    ], required: ["site"])
    static let jobKey: JSONObject = ["site": JSONSchema.string(minLength: 1), "ulid": JSONSchema.string(minLength: 1),
                                     "alternateQueue": alternateQueue, "secondsUntilComplete": JSONSchema.described(JSONSchema.anything, "-1 when absent")]
    static let startBody = JSONSchema.object(jobKey, required: ["site", "ulid"])
    static let statusBody = JSONSchema.object(jobKey.merging(["newStatus": JSONSchema.described(JSONSchema.string(minLength: 1, maxLength: 64),
                                                                                                 "At most 64 UTF-8 bytes")] as JSONObject) { _, new in new },
                                              required: ["site", "ulid", "newStatus"])
    static let recentBody = JSONSchema.object(["site": site, "timeRange": JSONSchema.described(JSONSchema.number, "Milliseconds back from now")],
                                              required: ["site"])

    static let jobProperties: JSONObject = [
        "site": JSONSchema.string(), "ulid": JSONSchema.string(pattern: "^[0-9A-HJKMNP-TV-Z]{26}$"),
        "statusId": JSONSchema.string(), "replicaStatusId": JSONSchema.string(), "user_name": JSONSchema.anything, "user_id": JSONSchema.anything,
        "user_roles": JSONSchema.string(), "timestamp_ms": JSONSchema.integer(minimum: 0),
        "deviceType": JSONSchema.string(), "deviceInstance": JSONSchema.string(), "action": JSONSchema.string(),
        "optional_params": JSONSchema.anyObject, "required_params": JSONSchema.anyObject, "secondsUntilComplete": JSONSchema.anything,
    ]
    static let jobs = JSONSchema.array(JSONSchema.object(jobProperties, required: Job.keyOrder))

    static let created = JSONSchema.object(jobProperties.merging(["table_response": JSONSchema.storageMetadata] as JSONObject) { _, new in new },
                                           required: Job.keyOrder + ["table_response"])

    static let invalid: DocumentedResponse = "Error: ... (text): body not a JSON object, a key missing or invalid"
    static let tooLarge: DocumentedResponse = "Request body too large (text): over 400 KiB"
}
