import PostgresNIO

extension Database {
    /// PostgreSQL only: runs `receive` with the payload of every `NOTIFY` on `channel`, on one pooled
    /// connection, until the calling task is cancelled (then it returns) or the connection fails
    /// (then it throws). On SQLite it returns at once: one process has nobody else to hear.
    public func listen(channel: String, _ receive: @escaping @Sendable (String) -> Void) async throws {
        guard case .postgres(let client, _) = engine else { return }
        try await client.withConnection { connection in
            try await connection.listen(on: channel) { notifications in
                for try await notification in notifications { receive(notification.payload) }
            }
        }
    }
}
