import ArgumentParser
import Foundation
import PTRAuth

extension PTRToken {
    struct Mint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a token signed with the development key."
        )

        @OptionGroup var dataDirectory: DataDirectory

        @Option(help: "The caller's id (the token's sub), e.g. 'google-oauth2|1234'.")
        var sub: String

        @Option(help: "Display name.")
        var name: String?

        @Option(help: "Nickname.")
        var nickname: String?

        @Option(name: .customLong("role"), help: "A role (repeat for several), e.g. --role admin --role owner.")
        var roles: [String] = []

        @Flag(help: "Leave out the roles claim, so that services ask the userinfo endpoint instead.")
        var noRolesClaim = false

        @Option(help: "Audience (default: $PTR_AUTH_AUDIENCE, else master).")
        var audience: String?

        @Option(help: "Issuer (default: $PTR_AUTH_ISSUER, else none).")
        var issuer: String?

        @Option(help: "Lifetime: seconds, or a number with s, m, h or d.")
        var expiresIn: Lifetime = Lifetime(seconds: 12 * 3600)

        func run() async throws {
            guard let key = try dataDirectory.keyStore.load() else {
                throw ValidationError("no development key in \(dataDirectory.keyStore.directory.path): run `ptr-token init` first")
            }
            let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))  // whole seconds, as Auth0 writes them
            let claims = AccessTokenClaims(
                sub: sub,
                audience: [audience ?? environment("PTR_AUTH_AUDIENCE") ?? AuthConfiguration.defaultAudience],
                issuer: issuer ?? environment("PTR_AUTH_ISSUER"),
                expires: now.addingTimeInterval(expiresIn.seconds),
                issuedAt: now,
                name: name,
                nickname: nickname,
                roles: noRolesClaim ? nil : roles
            )
            print(try await key.sign(claims, keyID: "ptr-dev"))
        }
    }
}

/// A token lifetime such as `3600`, `90s`, `30m`, `12h` or `7d`.
struct Lifetime: ExpressibleByArgument {
    let seconds: TimeInterval

    init(seconds: TimeInterval) {
        self.seconds = seconds
    }

    init?(argument: String) {
        let units: [Character: TimeInterval] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        let unit = argument.last.flatMap { units[$0] }
        let number = unit == nil ? argument : String(argument.dropLast())
        guard let value = TimeInterval(number), value > 0 else { return nil }
        seconds = value * (unit ?? 1)
    }
}
