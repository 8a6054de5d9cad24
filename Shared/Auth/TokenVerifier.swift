import Foundation
import JWTKit

/// Checks a token's header, signature and claims; jwt-kit does the parsing and the RSA work.
struct TokenVerifier: Sendable {
    let keys: SigningKeys
    let policy: ClaimsPolicy

    func verify(_ token: String, at now: Date) async throws(AuthFailure) -> (subject: String, claims: AccessTokenClaims) {
        let header: JWTHeader
        do {
            header = try DefaultJWTParser().parse([UInt8](token.utf8), as: AccessTokenClaims.self).header
        } catch {
            throw .invalidToken(.malformed)
        }
        // Only RS256 (auth.md §3.3): refuses `none`, and HS256 signed with the public key as secret.
        guard header.alg == "RS256" else {
            throw .invalidToken(.algorithmNotAllowed)
        }
        let collection = try await keys.collection(forKeyID: header.kid)

        let claims: AccessTokenClaims
        do {
            claims = try await collection.verify(token, as: AccessTokenClaims.self)
        } catch {
            // The token parsed above, so what remains to fail here is the signature.
            throw .invalidToken(.badSignature)
        }
        do {
            return (try policy.subject(of: claims, at: now), claims)
        } catch {
            throw .invalidToken(error)
        }
    }
}
