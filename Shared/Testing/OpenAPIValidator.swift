import Foundation

/// Validates an OpenAPI document with `openapi-spec-validator` (PyPI), which `make test` installs.
public enum OpenAPIValidator {
    public static func validate(_ document: String) async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("openapi-\(UUID().uuidString).json")
        try Data(document.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sys, json; from openapi_spec_validator import validate; validate(json.load(open(sys.argv[1]))); print('valid')", file.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let status = try await ProcessLaunch.exitStatus(of: process)
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard status == 0 else {
            throw TestSetupError("openapi-spec-validator rejected the document (is it installed? `make test` installs it):\n\(text)")
        }
    }
}
