/// Reads the token out of an `Authorization` header the way the original authorizer did
/// (auth.md §3.2): split on single spaces, word 0 is the scheme, word 1 the token, the rest ignored.
enum BearerCredentials {
    static func token(fromAuthorizationHeader header: String?) throws(AuthFailure) -> String {
        guard let header, !header.isEmpty else {
            throw .missingCredentials
        }
        let words = header.split(separator: " ", omittingEmptySubsequences: false)
        // A header without a space crashed the original (500); we answer 401 as recommended (A6).
        guard words.count >= 2, words[0].lowercased() == "bearer", !words[1].isEmpty else {
            throw .malformedCredentials
        }
        return String(words[1])
    }
}
