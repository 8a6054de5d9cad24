import Hummingbird
import PTRCore
import PTRHTTP

/// The body rules of every jobs route (spec/jobs.md §3): at most 400 KiB (the original's item
/// size), and an object; anything else is a 400, not `{}`.
enum JobsBody {
    static let rules = JSONBodyRules(limit: 409_600, tooLargeText: "Request body too large",
                                     notAnObjectText: "Error: request body must be a JSON object")

    /// Runs `handler`, answering its failures as `{"message": text}`: the observatory calls
    /// `.json()` on every `getnewjobs` answer without a guard, errors included (§3.2).
    static func jsonErrors(_ handler: () async throws -> Reply) async throws -> Reply {
        do {
            return try await handler()
        } catch let failure as HTTPFailure {
            guard case .text(let text) = failure.reply.body else { throw failure }
            throw HTTPFailure(failure.status, json: ["message": .string(text)])
        }
    }
}
