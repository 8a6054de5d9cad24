import PTRCore

/// One status a route answers, as `/openapi.json` describes it.
public struct DocumentedResponse: Sendable, ExpressibleByStringLiteral {
    public let description: String
    /// The JSON schema of the body; nil for the bare texts the original sent unquoted under
    /// `application/json` (`Queue is empty: q1`), which no JSON schema can describe.
    public let schema: JSONValue?
    public let mediaType: String
    /// The OpenAPI `headers` object, when the answer has headers worth describing.
    public let headers: JSONValue?

    public init(description: String, schema: JSONValue?, mediaType: String = "application/json", headers: JSONValue? = nil) {
        self.description = description
        self.schema = schema
        self.mediaType = mediaType
        self.headers = headers
    }

    /// A bare text body: `"Queue does not exist"` in a route's `responses`.
    public init(stringLiteral description: String) {
        self.init(description: description, schema: nil)
    }

    public static func json(_ description: String, _ schema: JSONValue) -> DocumentedResponse {
        DocumentedResponse(description: description, schema: schema)
    }

    /// The two answers joined under one status (a route's own and the gateway's).
    func merged(with other: DocumentedResponse) -> DocumentedResponse {
        let schema: JSONValue? = switch (self.schema, other.schema) {
        case let (mine?, theirs?): mine == theirs ? mine : JSONSchema.anyOf([mine, theirs])
        default: nil
        }
        return DocumentedResponse(description: description + "; or " + other.description, schema: schema,
                                  mediaType: mediaType, headers: headers ?? other.headers)
    }
}

/// A query parameter of a route (always a string on the wire; `schema` says which strings).
public struct QueryParameter: Sendable {
    public let name: String
    public let required: Bool
    public let schema: JSONValue

    public static func required(_ name: String, _ schema: JSONValue = JSONSchema.string()) -> QueryParameter {
        QueryParameter(name: name, required: true, schema: schema)
    }

    public static func optional(_ name: String, _ schema: JSONValue = JSONSchema.string()) -> QueryParameter {
        QueryParameter(name: name, required: false, schema: schema)
    }
}

/// The JSON body a route reads, whatever the Content-Type it comes with.
public struct DocumentedBody: Sendable {
    public let schema: JSONValue
    /// False where a missing body is read as `{}`.
    public let required: Bool

    public static func required(_ schema: JSONValue) -> DocumentedBody { DocumentedBody(schema: schema, required: true) }
    public static func optional(_ schema: JSONValue) -> DocumentedBody { DocumentedBody(schema: schema, required: false) }
}

/// Builders of the JSON Schema (2020-12, as OpenAPI 3.1 uses) fragments the route tables declare.
/// Lengths are in characters; where the code counts UTF-8 bytes the two agree for ASCII.
public enum JSONSchema {
    /// Any JSON value.
    public static let anything: JSONValue = [:]
    public static let boolean: JSONValue = ["type": "boolean"]
    public static let number: JSONValue = ["type": "number"]
    public static let integer: JSONValue = ["type": "integer"]
    public static let null: JSONValue = ["type": "null"]
    /// Any JSON object.
    public static let anyObject: JSONValue = ["type": "object"]
    /// `{"message": "..."}`, the gateway's and many routes' error shape.
    public static let message = object(["message": string()], required: ["message"])

    /// The DynamoDB write response the original answered (`ResponseMetadata` with a request id).
    public static let storageMetadata = object([
        "ResponseMetadata": object([
            "RequestId": string(), "HTTPStatusCode": constant(200), "HTTPHeaders": anyObject, "RetryAttempts": constant(0),
        ], required: ["RequestId", "HTTPStatusCode", "HTTPHeaders", "RetryAttempts"]),
    ], required: ["ResponseMetadata"])
    /// Its reduced form `{"ResponseMetadata": {"HTTPStatusCode": 200}}`.
    public static let storageStatus = object(["ResponseMetadata": object(["HTTPStatusCode": constant(200)], required: ["HTTPStatusCode"])],
                                             required: ["ResponseMetadata"])

    public static func string(minLength: Int? = nil, maxLength: Int? = nil, pattern: String? = nil, format: String? = nil) -> JSONValue {
        var schema: JSONObject = ["type": "string"]
        if let minLength { schema["minLength"] = .integer(Int64(minLength)) }
        if let maxLength { schema["maxLength"] = .integer(Int64(maxLength)) }
        if let pattern { schema["pattern"] = .string(pattern) }
        if let format { schema["format"] = .string(format) }
        return .object(schema)
    }

    public static func integer(minimum: Int64? = nil, maximum: Int64? = nil) -> JSONValue {
        var schema: JSONObject = ["type": "integer"]
        if let minimum { schema["minimum"] = .integer(minimum) }
        if let maximum { schema["maximum"] = .integer(maximum) }
        return .object(schema)
    }

    public static func constant(_ value: JSONValue) -> JSONValue { ["const": value] }

    public static func enumeration(_ values: [JSONValue]) -> JSONValue { ["enum": .array(values)] }

    /// An object with these properties; others are allowed unless `additional` says what they may be.
    public static func object(_ properties: JSONObject, required: [String] = [], additional: JSONValue? = nil) -> JSONValue {
        var schema: JSONObject = ["type": "object", "properties": .object(properties)]
        if !required.isEmpty { schema["required"] = .array(required.map(JSONValue.string)) }
        if let additional { schema["additionalProperties"] = additional }
        return .object(schema)
    }

    /// An object whose every value has the schema `values` (a map keyed by name).
    public static func map(_ values: JSONValue) -> JSONValue {
        ["type": "object", "additionalProperties": values]
    }

    public static func array(_ items: JSONValue, minItems: Int? = nil, maxItems: Int? = nil) -> JSONValue {
        var schema: JSONObject = ["type": "array", "items": items]
        if let minItems { schema["minItems"] = .integer(Int64(minItems)) }
        if let maxItems { schema["maxItems"] = .integer(Int64(maxItems)) }
        return .object(schema)
    }

    /// A schema that `ServiceRoutes.defineSchema` named.
    public static func reference(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }

    public static func anyOf(_ schemas: [JSONValue]) -> JSONValue { ["anyOf": .array(schemas)] }

    /// `schema` with a description for readers of the document.
    public static func described(_ schema: JSONValue, _ text: String) -> JSONValue {
        guard var object = schema.objectValue else { return schema }
        object["description"] = .string(text)
        return .object(object)
    }
}
