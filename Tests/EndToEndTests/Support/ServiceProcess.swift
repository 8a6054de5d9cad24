import Foundation
import PTROutbound
import PTRTesting

#if canImport(Glibc)
import Glibc
#endif

/// A service binary from the build folder this test runs from. Its output goes to files, not
/// pipes: a pipe nobody reads would stall a chatty service once the pipe's buffer fills.
struct ServiceProcess: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// The client the tests talk to the binaries with (generous timeouts: the machine is shared).
    static let client = OutboundHTTPClient(configuration: .init(connectTimeout: .seconds(5), timeout: .seconds(30)))

    let binary: String
    let process: Process
    let outputFile: URL
    let errorFile: URL

    /// Starts `binary`; its stdout and stderr go to files in `logFolder` (the caller removes it).
    static func start(_ binary: String, environment: [String: String], logFolder: URL) throws -> ServiceProcess {
        let buildFolder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let executable = buildFolder.appendingPathComponent(binary)
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw Failure("\(executable.path) is not built (run `swift build --build-tests` first)")
        }
        try FileManager.default.createDirectory(at: logFolder, withIntermediateDirectories: true)
        let outputFile = logFolder.appendingPathComponent("\(binary).stdout"), errorFile = logFolder.appendingPathComponent("\(binary).stderr")
        for file in [outputFile, errorFile] where !FileManager.default.createFile(atPath: file.path, contents: nil) {
            throw Failure("cannot create \(file.path)")
        }
        let process = Process()
        process.executableURL = executable
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PTR_") }.merging(environment) { _, new in new }
        process.standardOutput = try FileHandle(forWritingTo: outputFile)
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try ProcessLaunch.run(process)
        return ServiceProcess(binary: binary, process: process, outputFile: outputFile, errorFile: errorFile)
    }

    func standardOutput() -> String { (try? String(contentsOf: outputFile, encoding: .utf8)) ?? "" }
    func standardError() -> String { (try? String(contentsOf: errorFile, encoding: .utf8)) ?? "" }

    /// Waits until `base` answers `/health`; fails early, with the binary's stderr, if it exits.
    func waitUntilReady(_ base: String) async throws -> OutboundResponse {
        for _ in 0..<300 {
            guard process.isRunning else { throw Failure("\(binary) exited (\(process.terminationStatus)) before serving: \(standardError())") }
            // Only this binary's own answer counts (another service could hold the port).
            if let response = try? await Self.client.get("\(base)/health"),
               (try? response.json())?["service"]?.stringValue.map({ "ptr-" + $0 }) == binary {
                return response
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Failure("\(base) (\(binary)) did not answer /health within 30 s: \(standardError())")
    }

    /// SIGTERM, then waits for the exit (SIGKILL after 20 s so that a hung binary cannot hang the
    /// suite). It waits with sleeps, not a blocked thread: the test tasks share only a few threads.
    func stop() async {
        guard process.isRunning else { return }
        process.terminate()
        for _ in 0..<200 where process.isRunning { try? await Task.sleep(for: .milliseconds(100)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        await waitForExit()
    }

    func waitForExit() async {
        while process.isRunning { try? await Task.sleep(for: .milliseconds(10)) }
    }

    /// The ports `freePorts` has handed out in this run: a port is picked long before its binary
    /// binds it, and the kernel may pick a released port again for a test running beside.
    private static let handedOut = Locked(Set<Int>())

    /// `count` distinct loopback ports nothing listens on right now and no other test of this run
    /// was given (the kernel's picks for port 0, all held until the last is picked).
    static func freePorts(_ count: Int) throws -> [Int] {
        #if canImport(Glibc)
        let socketType = Int32(SOCK_STREAM.rawValue)
        #else
        let socketType = SOCK_STREAM
        #endif
        var descriptors: [Int32] = []
        defer { descriptors.forEach { close($0) } }
        var ports: [Int] = []
        while ports.count < count {
            let descriptor = socket(AF_INET, socketType, 0)
            guard descriptor >= 0 else { throw Failure("socket() failed") }
            descriptors.append(descriptor)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                    bind(descriptor, raw, length) == 0 && getsockname(descriptor, raw, &length) == 0
                }
            }
            guard bound else { throw Failure("could not bind a loopback port") }
            let port = Int(UInt16(bigEndian: address.sin_port))
            if handedOut.withLock({ $0.insert(port).inserted }) { ports.append(port) }
        }
        return ports
    }
}
