import ArgumentParser
import PTRAuth

extension PTRToken {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the development key pair and certificate (keeps an existing key)."
        )

        @OptionGroup var dataDirectory: DataDirectory

        func run() throws {
            let store = dataDirectory.keyStore
            let created = try store.createIfMissing()
            printToStandardError(created ? "created a development key in \(store.directory.path)" : "kept the development key in \(store.directory.path)")
            printToStandardError("  private key: \(store.privateKeyURL.path)")
            printToStandardError("  public key:  \(store.publicKeyURL.path)")
            printToStandardError("  certificate: \(store.certificateURL.path)")
            printToStandardError("trust it with: export PTR_AUTH_PUBLIC_KEY=\"$(cat \(store.publicKeyURL.path))\"")
        }
    }
}
