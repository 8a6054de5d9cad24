import PTRCore
import PTRHTTP

/// The JSON Schemas of the pipe-queue's OpenAPI document, matching the checks of `PipeQueueRoutes`.
enum PipeQueueSchemas {
    /// A queue name or PIPE id in a path (`PipeName`).
    static let pathName = JSONSchema.string(minLength: 1, maxLength: PipeName.maximumLength, pattern: "^[A-Za-z0-9._:@+~-]+$")

    /// A name in a body: `PipeName`, or a non-zero number taken as its text (as the original did).
    static let bodyName = JSONSchema.anyOf([pathName, ["type": "number", "not": ["const": 0]]])

    /// A value Python takes for true: anything but null, false, 0, "", [] and {}.
    static let truthy: JSONValue = ["not": ["enum": [nil, false, 0, "", [], [:]]]]

    static let item = JSONSchema.object([
        "id": JSONSchema.string(pattern: "^[0-9]+_[0-9a-f]{8}$"),
        "queue_name": JSONSchema.string(),
        "payload": JSONSchema.anything,
        "created_at": JSONSchema.integer,
        "sender": JSONSchema.anything,
    ], required: ["id", "queue_name", "payload", "created_at", "sender"])

    static let status = JSONSchema.object([
        "pipe_id": JSONSchema.string(),
        "status": truthy,
        "last_updated": JSONSchema.integer,
        "details": JSONSchema.anything,
    ], required: ["pipe_id", "status", "last_updated", "details"])

    static let createBody = JSONSchema.object(["queue_name": bodyName], required: ["queue_name"])
    static let enqueueBody = JSONSchema.object([
        "queue_name": bodyName,
        "payload": JSONSchema.described(JSONSchema.anything, "Stored as sent; {} when absent"),
        "sender": JSONSchema.described(JSONSchema.anything, "Stored as sent; \"unknown\" when absent"),
    ], required: ["queue_name"])
    static let statusBody = JSONSchema.object([
        "pipe_id": bodyName,
        "status": JSONSchema.described(truthy, "Conventionally online or offline"),
        "details": JSONSchema.described(JSONSchema.anything, "Stored as sent; {} when absent"),
    ], required: ["pipe_id", "status"])

    static let peekLimit = JSONSchema.described(JSONSchema.integer(minimum: 1, maximum: Int64.max),
                                                "Default \(PipeQueueRoutes.defaultPeekLimit); above \(PipeQueueRoutes.maximumPeekLimit) means \(PipeQueueRoutes.maximumPeekLimit)")

    /// `{"message": "..."}`.
    static let message = JSONSchema.message
    static let invalidName: DocumentedResponse = "Missing or invalid name: Missing required field(s) ..., or Invalid ...: use 1-256 characters from A-Z a-z 0-9 - _ . : @ + ~"
}
