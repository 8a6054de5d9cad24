import Foundation
import PTRTesting
import PTROutbound
import Testing

/// TLS peers must verify: a self-signed loopback server (OpenSSL's test server) is refused.
@Suite("TLS verification")
struct TLSVerificationTests {
    static let openssl = "/usr/bin/openssl"

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: openssl)))
    func selfSignedCertificateIsRefused() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ptr-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = directory.appendingPathComponent("key.pem").path
        let certificate = directory.appendingPathComponent("cert.pem").path
        try run(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days", "1", "-subj", "/CN=localhost"]).waitUntilExit()

        let base = try await withLoopbackServer(testServerRouter()) { $0 }  // a port that is free again
        let port = base.split(separator: ":").last!
        let server = try run(["s_server", "-accept", String(port), "-cert", certificate, "-key", key, "-www", "-quiet"])
        defer {
            // SIGKILL: the test process ignores SIGTERM (the servers' signal handling), and children inherit that.
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
        }

        let client = OutboundHTTPClient(configuration: .init(timeout: .seconds(2)))
        var error: OutboundError?
        for _ in 0..<40 {  // until s_server listens
            error = await failure { try await client.get("https://localhost:\(port)/") }
            guard case .connectionRefused? = error else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        guard case .tlsFailure? = error else {
            Issue.record("expected a TLS failure, got \(String(describing: error))")
            return
        }
    }

    private func run(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.openssl)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try ProcessLaunch.run(process)
        return process
    }
}
