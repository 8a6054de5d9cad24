import Hummingbird
import PTRCore
import PTRHTTP

/// The archive service. For now it serves only the operations routes (/health, /ready, /metrics,
/// /openapi.json); its own routes arrive with their issue.
func buildApplication(_ configuration: ServiceConfiguration) async throws -> some ApplicationProtocol {
    try await ServiceApplication.build(configuration: configuration, migrations: []) { _ in [] }
}
