import Foundation

/// Launches a child process from a test. Foundation's `Process.run()` on Linux is not safe to call
/// from several threads at once (a CI run crashed in its memcpy while parallel tests launched
/// processes), and the suites run in parallel, so every launch from a test goes through one lock.
public enum ProcessLaunch {
    private static let lock = NSLock()

    public static func run(_ process: Process) throws {
        try lock.withLock { try process.run() }
    }

    /// Runs `process` to its end and returns its exit status, waiting with sleeps: `waitUntilExit()`
    /// would block one of the few threads that every test's tasks share.
    public static func exitStatus(of process: Process) async throws -> Int32 {
        try run(process)
        while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
        return process.terminationStatus
    }
}
