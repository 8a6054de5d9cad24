import Foundation
import HummingbirdTesting
import PTRCore
import PTRTesting

@testable import API

/// Runs `test` against an api app on a fresh database of `backend`.
func withAPI(
    _ backend: TestBackend, mode: TestingSetup = .router, _ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void
) async throws {
    try await TestDatabase.withApp(backend, .api, mode: mode, build: buildApplication, test)
}

/// The site config fixture of events.md §5 (site `tst`).
let losAngelesConfig: JSONValue = [
    "latitude": 34, "longitude": -119, "elevation": 0, "reference_ambient": [10], "reference_pressure": [977.83],
    "TZ_database_name": "America/Los_Angeles",
]

/// `losAngelesConfig` with some keys replaced.
func losAngelesConfig(with changes: JSONObject) -> JSONValue {
    .object(losAngelesConfig.objectValue!.merging(changes) { $1 })
}

extension TestClientProtocol {
    /// PUTs a site config the way the observatory does: raw JSON, no Content-Type, trailing slash.
    @discardableResult
    func putConfig(_ site: String, _ configuration: JSONValue) async throws -> TestReply {
        try await send(.put, "/api/\(site)/config/", body: configuration.jsonText)
    }
}
