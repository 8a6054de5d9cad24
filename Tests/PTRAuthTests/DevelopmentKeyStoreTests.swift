import Foundation
import PTRAuth
import Testing

/// What `ptr-token init` / `mint` rely on.
@Suite("Development key store")
struct DevelopmentKeyStoreTests {
    @Test func initIsIdempotentAndItsPublicKeyVerifiesMintedTokens() async throws {
        let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("ptr-auth-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        let store = DevelopmentKeyStore(dataDirectory: dataDirectory)
        #expect(try store.load() == nil)
        #expect(try store.createIfMissing())
        let privateKey = try String(contentsOf: store.privateKeyURL, encoding: .utf8)
        #expect(try !store.createIfMissing())
        #expect(try String(contentsOf: store.privateKeyURL, encoding: .utf8) == privateKey)
        let permissions = try FileManager.default.attributesOfItem(atPath: store.privateKeyURL.path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)

        let key = try #require(try store.load())
        let token = try await key.sign(AccessTokenClaims(sub: "auth0|dev", audience: ["master"], expires: Date().addingTimeInterval(60), roles: ["admin"]))
        for file in [store.publicKeyURL, store.certificateURL] {
            // As `make run` passes it: PTR_AUTH_PUBLIC_KEY="$(cat data/dev-auth/public.pem)" drops the last newline.
            let pem = try String(contentsOf: file, encoding: .utf8).trimmingCharacters(in: .newlines)
            let configuration = AuthConfiguration(publicKeyPEM: pem)
            let auth = try await Authenticator(configuration: configuration, httpClient: testHTTPClient)
            let identity = try await auth.authenticate(authorizationHeader: "Bearer \(token)")
            #expect(identity.sub == "auth0|dev")
            #expect(identity.isAdmin)
        }
    }
}
