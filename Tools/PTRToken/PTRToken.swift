import ArgumentParser
import Foundation
import PTRAuth

/// `ptr-token`: the development stand-in for the Auth0 tenant (a key pair under
/// `$PTR_DATA_DIR/dev-auth/` and tokens signed with it).
@main
struct PTRToken: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ptr-token",
        abstract: "Create a development signing key and mint tokens the services accept.",
        discussion: """
            ptr-token init
            export PTR_AUTH_PUBLIC_KEY="$(cat data/dev-auth/public.pem)"
            TOKEN="$(ptr-token mint --sub 'auth0|dev' --name Dev --role admin)"
            """,
        subcommands: [Init.self, Mint.self]
    )
}

/// `--data-dir`, falling back to `$PTR_DATA_DIR`, then `./data` (ARCHITECTURE.md §5).
struct DataDirectory: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Data directory (default: $PTR_DATA_DIR, else ./data).")
    var path: String?

    var keyStore: DevelopmentKeyStore {
        DevelopmentKeyStore(dataDirectory: path ?? environment("PTR_DATA_DIR") ?? "./data")
    }
}

/// An environment variable, nil when unset or empty.
func environment(_ name: String) -> String? {
    ProcessInfo.processInfo.environment[name].flatMap { $0.isEmpty ? nil : $0 }
}

/// Diagnostics go to stderr so that stdout carries only what scripts capture (the token).
func printToStandardError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
