import Foundation
import PTROutbound

/// What the services take from Auth0 `/userinfo`.
struct UserProfile: Sendable, Equatable {
    let roles: [String]
    let name: String?
    let nickname: String?
}

/// Asks Auth0 `/userinfo` for the roles of the user a token belongs to, with that same token
/// (auth.md §3.5). The body is read as JSON whatever the status, as the original did; an Auth0
/// error answer then simply lacks the roles claim.
struct UserinfoClient: Sendable {
    let url: String
    let httpClient: OutboundHTTPClient
    let timeout: TimeInterval

    private struct Document: Decodable {
        let name: String?
        let nickname: String?
        let userMetadata: UserMetadata?

        enum CodingKeys: String, CodingKey {
            case name, nickname
            case userMetadata = "https://photonranch.org/user_metadata"
        }
    }

    func profile(for token: String) async throws(AuthFailure) -> UserProfile {
        let request = OutboundRequest(
            url: url,
            headers: ["Authorization": "Bearer \(token)"],
            timeout: .seconds(timeout)
        )
        let response: OutboundResponse
        do {
            response = try await httpClient.execute(request)
        } catch {
            throw .rolesUnavailable("userinfo request failed: \(error)")
        }
        guard let document = try? response.decodeJSON(Document.self) else {
            throw .rolesUnavailable("userinfo answered \(response.status) with a body that is not a JSON object")
        }
        guard let roles = document.userMetadata?.roles else {
            throw .rolesUnavailable("userinfo answered \(response.status) without \(AccessTokenClaims.rolesClaim) roles")
        }
        return UserProfile(roles: roles, name: document.name, nickname: document.nickname)
    }
}
