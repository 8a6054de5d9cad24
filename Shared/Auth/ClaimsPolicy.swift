import Foundation

/// The claim checks of auth.md §3.3, plus the optional issuer check and a leeway for clock skew.
struct ClaimsPolicy: Sendable {
    let audience: String
    let issuer: String?
    let leeway: TimeInterval

    /// Returns the subject of a token whose claims are acceptable at `now`.
    func subject(of claims: AccessTokenClaims, at now: Date) throws(TokenRejection) -> String {
        guard let audiences = claims.aud?.value else { throw .missingAudience }
        guard audiences.contains(audience) else { throw .audienceMismatch }
        if let issuer, claims.iss?.value != issuer { throw .issuerMismatch }
        // `exp` is optional, as in the original (A14).
        if let expiry = claims.exp?.value, now >= expiry.addingTimeInterval(leeway) { throw .expired }
        if let notBefore = claims.nbf?.value, now.addingTimeInterval(leeway) < notBefore { throw .notYetValid }
        if let issuedAt = claims.iat?.value, issuedAt > now.addingTimeInterval(leeway) { throw .issuedInFuture }
        guard let subject = claims.sub?.value, !subject.isEmpty else { throw .missingSubject }
        return subject
    }
}
