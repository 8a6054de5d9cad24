import Foundation
import HummingbirdTesting
import PTRCore
import PTRTesting

@testable import PipeQueue

/// Runs `test` against a pipe-queue app on a fresh database of `backend`.
func withPipeQueue(
    _ backend: TestBackend, mode: TestingSetup = .router, _ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void
) async throws {
    try await TestDatabase.withApp(backend, .pipeQueue, mode: mode, build: buildApplication, test)
}

/// A unique name per test, as the original end-to-end script uses (`test-queue-{unix s}`).
func uniqueName(_ prefix: String) -> String {
    "\(prefix)-\(Int(Date().timeIntervalSince1970))-\(UUID().uuidString.prefix(6).lowercased())"
}
