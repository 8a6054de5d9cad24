import PTRCore

/// The DynamoDB write response the original handlers passed through to their clients, who only
/// check that the call succeeded. The specs fix which of the two shapes each route answers.
public enum StorageMetadata {
    /// `{"ResponseMetadata": {"RequestId", "HTTPStatusCode": 200, "HTTPHeaders": {}, "RetryAttempts": 0}}`.
    public static func full(requestID: String) -> JSONValue {
        ["ResponseMetadata": ["RequestId": .string(requestID), "HTTPStatusCode": 200, "HTTPHeaders": [:], "RetryAttempts": 0]]
    }

    /// `{"ResponseMetadata": {"HTTPStatusCode": 200}}`.
    public static let statusOnly: JSONValue = ["ResponseMetadata": ["HTTPStatusCode": 200]]
}
