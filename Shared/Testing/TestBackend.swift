import Foundation
import Logging
import PTRCore
import PTRStorage

/// The two storage backends every store test runs on. Postgres needs `PTR_TEST_POSTGRES_URL`
/// (an admin URL of a throwaway cluster, which `make test` starts); without it the Postgres cases
/// are left out of a local run, unless `PTR_REQUIRE_POSTGRES=1` (set by `make test` and CI),
/// in which case they run and fail loudly.
public enum TestBackend: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite, postgres

    public var description: String { rawValue }

    /// The backends to run: use as `@Test(arguments: TestBackend.enabled)`.
    public static var enabled: [TestBackend] {
        let environment = ProcessInfo.processInfo.environment
        if environment["PTR_TEST_POSTGRES_URL"] != nil || environment["PTR_REQUIRE_POSTGRES"] == "1" {
            return [.sqlite, .postgres]
        }
        return [.sqlite]
    }
}

/// A fresh, empty database for one test, removed afterwards: a SQLite file in a temporary
/// folder, or a new Postgres database in the test cluster.
public struct TestDatabase: Sendable {
    public let backend: TestBackend
    public let location: DatabaseLocation
    /// A folder of this test's own, for `PTR_DATA_DIR`.
    public let directory: String

    public static func with<T: Sendable>(
        _ backend: TestBackend, _ body: @Sendable (TestDatabase) async throws -> T
    ) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ptr-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        switch backend {
        case .sqlite:
            return try await body(TestDatabase(backend: backend, location: .sqlite(path: directory + "/test.sqlite"), directory: directory))
        case .postgres:
            let admin = try PostgresAdmin()
            let name = "ptr_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
            try await admin.execute("CREATE DATABASE \(name)")
            do {
                let result = try await body(TestDatabase(backend: backend, location: .postgres(url: admin.url(database: name)), directory: directory))
                try await admin.execute("DROP DATABASE \(name) WITH (FORCE)")
                return result
            } catch {
                try? await admin.execute("DROP DATABASE \(name) WITH (FORCE)")
                throw error
            }
        }
    }

    /// How long test apps and stores wait for a connection: far longer than the services' 3 s, since
    /// the suites run in parallel on two shared cores. Tests of the timeout set their own.
    public static let connectionTimeoutMilliseconds = 30_000

    /// This database, opened with the test timeout.
    public func open(logger: Logger = Logger(label: "test")) throws -> Database {
        try Database(location, connectionTimeout: .milliseconds(Self.connectionTimeoutMilliseconds), logger: logger)
    }

    /// Runs `body` with this database open and running (its pool needs a task), closed afterwards.
    public func running<T: Sendable>(_ body: @Sendable (Database) async throws -> T) async throws -> T {
        let database = try open()
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await database.run() }
            defer { group.cancelAll() }
            return try await body(database)
        }
    }

    /// The service configuration a test app uses: this database, port 0 (any free port).
    public func configuration(_ service: ServiceName, extra: [String: String] = [:]) throws -> ServiceConfiguration {
        let url: String
        switch location {
        case .sqlite(let path): url = "sqlite:\(path)"
        case .postgres(let postgresURL): url = postgresURL
        }
        var environment = ["PTR_DATABASE_URL": url, "PTR_DATA_DIR": directory, "PTR_PORT": "0", "PTR_LOG_LEVEL": "warning",
                           "PTR_DATABASE_TIMEOUT_MS": String(Self.connectionTimeoutMilliseconds)]
        environment.merge(extra) { _, new in new }
        return try ServiceConfiguration(service: service, environment: environment)
    }
}

/// Runs statements on the test cluster's admin database (creating and dropping test databases),
/// through one pool for the whole test process.
struct PostgresAdmin: Sendable {
    let adminURL: String
    let database: Database

    static let shared: Result<PostgresAdmin, any Error> = Result {
        guard let url = ProcessInfo.processInfo.environment["PTR_TEST_POSTGRES_URL"] else {
            throw TestSetupError("PTR_TEST_POSTGRES_URL is not set: run the tests with `make test`, which starts a throwaway PostgreSQL")
        }
        let database = try Database(.postgres(url: url), connectionTimeout: .milliseconds(TestDatabase.connectionTimeoutMilliseconds),
                                    logger: Logger(label: "test-admin"))
        Task.detached { try await database.run() }
        return PostgresAdmin(adminURL: url, database: database)
    }

    init() throws {
        self = try Self.shared.get()
    }

    private init(adminURL: String, database: Database) {
        self.adminURL = adminURL
        self.database = database
    }

    func url(database: String) -> String {
        guard var components = URLComponents(string: adminURL) else { return adminURL }
        components.path = "/" + database
        return components.string ?? adminURL
    }

    func execute(_ statement: String) async throws {
        try await database.withConnection { sql in try await sql.raw(.init(statement)).run() }
    }
}

public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

import Hummingbird
import HummingbirdTesting

extension TestDatabase {
    /// Builds a service's app on a fresh database of `backend` and runs `test` against it
    /// (in-process by default, over real HTTP on a loopback port with `.live`).
    public static func withApp<App: ApplicationProtocol>(
        _ backend: TestBackend, _ service: ServiceName, mode: TestingSetup = .router,
        environment: [String: String] = [:],
        build: @escaping @Sendable (ServiceConfiguration) async throws -> App,
        _ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws where App.Responder.Context: InitializableFromSource<ApplicationRequestContextSource> {
        try await with(backend) { database in
            let app = try await build(try database.configuration(service, extra: environment))
            try await app.test(mode, test)
        }
    }
}
