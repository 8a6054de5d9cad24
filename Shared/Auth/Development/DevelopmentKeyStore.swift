import Foundation

/// The development key pair on disk: `<dataDir>/dev-auth/{private.pem, public.pem, certificate.pem}`.
public struct DevelopmentKeyStore: Sendable {
    public let directory: URL

    public init(dataDirectory: String) {
        directory = URL(fileURLWithPath: dataDirectory).appendingPathComponent("dev-auth")
    }

    public var privateKeyURL: URL { directory.appendingPathComponent("private.pem") }
    public var publicKeyURL: URL { directory.appendingPathComponent("public.pem") }
    public var certificateURL: URL { directory.appendingPathComponent("certificate.pem") }

    /// The stored key, or nil when `createIfMissing` has not run yet.
    public func load() throws -> DevelopmentSigningKey? {
        guard FileManager.default.fileExists(atPath: privateKeyURL.path) else { return nil }
        return try DevelopmentSigningKey(privateKeyPEM: String(contentsOf: privateKeyURL, encoding: .utf8))
    }

    /// Idempotent: keeps an existing private key (so tokens already minted stay valid) and
    /// rewrites only the public files that are missing. Returns whether a key was generated.
    @discardableResult
    public func createIfMissing() throws -> Bool {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let existing = try load()
        let key = try existing ?? DevelopmentSigningKey.generate()
        if existing == nil {
            try write(key.privateKeyPEM, to: privateKeyURL, permissions: 0o600)
        }
        if !FileManager.default.fileExists(atPath: publicKeyURL.path) {
            try write(key.publicKeyPEM, to: publicKeyURL, permissions: 0o644)
        }
        if !FileManager.default.fileExists(atPath: certificateURL.path) {
            try write(try key.certificatePEM(), to: certificateURL, permissions: 0o644)
        }
        return existing == nil
    }

    private func write(_ text: String, to url: URL, permissions: Int) throws {
        try Data(text.utf8).write(to: url, options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: url.path)
    }
}
