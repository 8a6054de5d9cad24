import PTRCore
import PTRHTTP

/// The JSON Schemas of the projects' OpenAPI document, matching `ProjectRequest`, `ProjectDocument`
/// and `ProjectChanges`. Every body is a JSON object (nested at most 32 levels, no integer beyond
/// 64 bits: 400 otherwise) of at most 400 KB (413).
enum ProjectsSchemas {
    /// Any JSON value the store keeps exactly: no integral number beyond 64 bits, at any depth.
    static let storable = JSONSchema.reference("StorableValue")
    static let storableValue = JSONSchema.anyOf([
        ["type": ["null", "boolean", "string"]], JSONSchema.integer(minimum: Int64.min, maximum: Int64.max),
        ["type": "number", "exclusiveMinimum": -9.2e18, "exclusiveMaximum": 9.2e18],
        JSONSchema.array(storable), JSONSchema.map(storable),
    ])

    static let withoutNUL = "^[^\\u0000]*$"
    /// A key naming an existing project: any string without NUL (an empty one matches nothing).
    static let lookup = JSONSchema.string(pattern: withoutNUL)

    static func keyField(_ limit: Int) -> JSONValue {
        JSONSchema.described(JSONSchema.string(minLength: 1, maxLength: limit, pattern: withoutNUL), "At most \(limit) UTF-8 bytes")
    }

    static func keyed(_ properties: JSONObject, required: [String]) -> JSONValue {
        var all: JSONObject = ["project_name": lookup, "created_at": lookup]
        all.merge(properties) { _, new in new }
        return JSONSchema.object(all, required: ["project_name", "created_at"] + required, additional: storable)
    }

    static let projectKey = keyed([:], required: [])

    /// A whole project as stored: its three key fields checked, every other key kept as sent.
    static let project = JSONSchema.object([
        "project_name": keyField(2048), "user_id": keyField(2048), "created_at": keyField(1024),
    ], required: ["project_name", "user_id", "created_at"], additional: storable)

    static let changes = JSONSchema.object([
        "project_name": keyField(2048),
        "exposures": JSONSchema.array(JSONSchema.object(["count": storable], required: ["count"], additional: storable)),
        "project_constraints": storable, "project_note": storable, "project_targets": storable,
        "project_sites": storable, "scheduled_with_events": storable, "project_priority": storable,
    ], required: ProjectChanges.replacedKeys, additional: storable)

    static let modifyBody = keyed(["project_changes": JSONSchema.described(changes, "Checked only when the project exists")],
                                  required: ["project_changes"])
    static let projectDataBody = keyed(["exposure_index": JSONSchema.integer(minimum: 0, maximum: Int64.max), "base_filename": JSONSchema.string()],
                                       required: ["exposure_index", "base_filename"])
    static let projectEventBody = keyed(["event_id": JSONSchema.string(minLength: 1)], required: ["event_id"])
    static let userBody = JSONSchema.object(["user_id": JSONSchema.string(minLength: 1, pattern: withoutNUL)], required: ["user_id"],
                                            additional: storable)
    static let schedulerIDsBody = JSONSchema.object([
        "project_ids": JSONSchema.anyOf([JSONSchema.string(), JSONSchema.array(storable, maxItems: ProjectsRoutes.maximumSchedulerIDs)]),
    ], additional: storable)


    static let storedReply = JSONSchema.object(["table_response": JSONSchema.storageMetadata, "new_project": project], required: ["table_response", "new_project"])
    static let modified = JSONSchema.anyOf([
        JSONSchema.object(["is_successful": JSONSchema.constant(true), "description": JSONSchema.string(), "updated_project": JSONSchema.storageMetadata],
                          required: ["is_successful", "description", "updated_project"]),
        JSONSchema.object(["is_successful": JSONSchema.constant(false), "description": JSONSchema.string(),
                           "updated_project": JSONSchema.array(storable, maxItems: 0)],
                          required: ["is_successful", "description", "updated_project"]),
    ])
    static let schedulerDeletion = JSONSchema.object([
        "successful_delete_count": JSONSchema.integer(minimum: 0), "failed_delete_count": JSONSchema.integer(minimum: 0),
        "failed_ids": JSONSchema.array(storable), "message": JSONSchema.constant("Delete finished"),
    ], required: ["successful_delete_count", "failed_delete_count", "failed_ids", "message"])

    static let invalid: DocumentedResponse = "Error: ... (text): body not a JSON object, nested too deeply or with an inexact integer; a key missing or invalid"
    static let tooLarge: DocumentedResponse = "Error: request body too large (text): over 400 KB"
    static let notFound: DocumentedResponse = "Project not found. (text)"
}
