import Foundation

/// Launches a child process from a test. Foundation's `Process.run()` on Linux is not safe to call
/// from several threads at once (a CI run crashed in its memcpy while parallel tests launched
/// processes), and the suites run in parallel, so every launch from a test goes through one lock.
public enum ProcessLaunch {
    private static let lock = NSLock()

    public static func run(_ process: Process) throws {
        try lock.withLock { try process.run() }
    }
}
