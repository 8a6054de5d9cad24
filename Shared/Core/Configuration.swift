import Foundation
import Logging

/// A configuration value that could not be used; the binary prints it as one line and stops.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public let variable: String
    public let expected: String
    public let value: String

    public init(variable: String, expected: String, value: String) {
        self.variable = variable
        self.expected = expected
        self.value = value
    }

    public var description: String { "\(variable)=\(value.debugDescription) is invalid: expected \(expected)" }
}

/// Where a service keeps its records.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    /// `sqlite:<path>` or `postgres://user:pass@host:port/db` (also `postgresql://`).
    public init(parsing text: String, variable: String) throws(ConfigurationError) {
        if text.hasPrefix("sqlite:") {
            let path = String(text.dropFirst("sqlite:".count))
            guard !path.isEmpty else {
                throw ConfigurationError(variable: variable, expected: "sqlite:<path>", value: text)
            }
            self = .sqlite(path: path)
        } else if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            guard let url = URL(string: text), url.host != nil else {
                throw ConfigurationError(variable: variable, expected: "postgres://user:pass@host:port/db", value: text)
            }
            self = .postgres(url: text)
        } else {
            throw ConfigurationError(variable: variable, expected: "sqlite:<path> or postgres://user:pass@host:port/db", value: text)
        }
    }

    /// Safe to log: a Postgres password is masked.
    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let url):
            guard var components = URLComponents(string: url) else { return "postgres://…" }
            if components.password != nil { components.password = "***" }
            return components.string ?? "postgres://…"
        }
    }
}

/// Where uploaded files and derived images live.
public enum ObjectStoreLocation: Sendable, Equatable {
    case directory(path: String)
    case s3(bucket: String)

    public init(parsing text: String, variable: String) throws(ConfigurationError) {
        if text.hasPrefix("file:"), text.count > "file:".count {
            self = .directory(path: String(text.dropFirst("file:".count)))
        } else if text.hasPrefix("s3://"), text.count > "s3://".count {
            self = .s3(bucket: String(text.dropFirst("s3://".count)))
        } else {
            throw ConfigurationError(variable: variable, expected: "file:<dir> or s3://<bucket>", value: text)
        }
    }
}

/// Everything a service reads from the environment, with the names and defaults of
/// ARCHITECTURE.md §5. Every service reads the same names.
public struct ServiceConfiguration: Sendable {
    public var service: ServiceName
    public var host: String
    public var port: Int
    public var dataDirectory: String
    public var database: DatabaseLocation
    public var catalogDatabase: DatabaseLocation
    /// How long a database call waits for a connection before the request answers 503.
    public var databaseTimeout: Duration
    /// Connections of one process to Postgres.
    public var databasePoolSize: Int
    public var http: HTTPLimits
    public var objectStore: ObjectStoreLocation
    public var s3Endpoint: String?
    public var s3Region: String
    public var publicURL: String
    public var auth: AuthSettings
    /// The base URLs of the other services (`PTR_PROJECTS_URL`, …); see `url(of:)`.
    public var serviceURLs: [ServiceName: String]
    public var lco: LCOSettings
    public var logLevel: Logger.Level
    public var logFormat: LogFormat
    /// Largest request body a route accepts unless it says otherwise.
    public var maxBodyBytes: Int

    public struct AuthSettings: Sendable {
        public var publicKeyPEM: String?
        public var jwksURL: String?
        public var audience: String
        public var issuer: String?
        public var userinfoURL: String?
    }

    public struct LCOSettings: Sendable {
        public var url: String?
        public var token: String?
        public var importIntervalSeconds: Int
    }

    public enum LogFormat: String, Sendable { case json, text }

    /// How long the server waits for a client, and how many it serves at once.
    public struct HTTPLimits: Sendable {
        /// From a connection's opening to the end of its first request's head.
        public var headerTimeout: Duration
        /// The longest pause between two pieces of a request body.
        public var bodyTimeout: Duration
        /// A kept-alive connection with no request in progress is closed after this.
        public var idleTimeout: Duration
        /// Connections beyond this wait in the listen backlog until one closes.
        public var maxConnections: Int
    }

    /// Reads the configuration of `service` from `environment` (the process environment by default).
    public init(service: ServiceName, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigurationError) {
        let env = EnvironmentReader(environment)
        self.service = service
        host = env["PTR_HOST"] ?? "127.0.0.1"
        port = try env.integer("PTR_PORT", in: 0...65535, expected: "a TCP port number (0-65535)") ?? service.defaultPort
        dataDirectory = env["PTR_DATA_DIR"] ?? "./data"
        database = try DatabaseLocation(
            parsing: env["PTR_DATABASE_URL"] ?? "sqlite:\(dataDirectory)/\(service.rawValue).sqlite",
            variable: "PTR_DATABASE_URL"
        )
        catalogDatabase = try DatabaseLocation(
            parsing: env["PTR_CATALOG_DATABASE_URL"] ?? "sqlite:\(dataDirectory)/archive.sqlite",
            variable: "PTR_CATALOG_DATABASE_URL"
        )
        databaseTimeout = .milliseconds(try env.integer("PTR_DATABASE_TIMEOUT_MS", in: 1...600_000, expected: "milliseconds (1-600000)") ?? 3000)
        databasePoolSize = try env.integer("PTR_DATABASE_POOL_SIZE", in: 1...1000, expected: "a number of connections (1-1000)") ?? 8
        http = HTTPLimits(
            headerTimeout: .seconds(try env.integer("PTR_HTTP_HEADER_TIMEOUT_S", in: 1...3600, expected: "seconds (1-3600)") ?? 30),
            bodyTimeout: .seconds(try env.integer("PTR_HTTP_BODY_TIMEOUT_S", in: 1...3600, expected: "seconds (1-3600)") ?? 30),
            idleTimeout: .seconds(try env.integer("PTR_HTTP_IDLE_TIMEOUT_S", in: 1...3600, expected: "seconds (1-3600)") ?? 60),
            maxConnections: try env.integer("PTR_HTTP_MAX_CONNECTIONS", in: 1...1_000_000, expected: "a number of connections") ?? 4096
        )
        objectStore = try ObjectStoreLocation(
            parsing: env["PTR_OBJECT_STORE_URL"] ?? "file:\(dataDirectory)/objects",
            variable: "PTR_OBJECT_STORE_URL"
        )
        s3Endpoint = try env.url("PTR_S3_ENDPOINT")
        s3Region = env["PTR_S3_REGION"] ?? env["AWS_REGION"] ?? "us-east-1"
        publicURL = try env.url("PTR_PUBLIC_URL") ?? "http://\(host):\(port)"
        auth = AuthSettings(
            publicKeyPEM: env["PTR_AUTH_PUBLIC_KEY"],
            jwksURL: try env.url("PTR_AUTH_JWKS_URL"),
            audience: env["PTR_AUTH_AUDIENCE"] ?? "master",
            issuer: env["PTR_AUTH_ISSUER"],
            userinfoURL: try env.url("PTR_AUTH_USERINFO_URL")
        )
        var urls: [ServiceName: String] = [:]
        for (other, variable) in [(ServiceName.projects, "PTR_PROJECTS_URL"), (.calendar, "PTR_CALENDAR_URL"),
                                  (.archive, "PTR_ARCHIVE_URL"), (.api, "PTR_API_URL")] {
            urls[other] = try env.url(variable) ?? "http://127.0.0.1:\(other.defaultPort)"
        }
        serviceURLs = urls
        lco = LCOSettings(
            url: try env.url("PTR_LCO_URL"),
            token: env["PTR_LCO_TOKEN"],
            importIntervalSeconds: try env.integer("PTR_LCO_IMPORT_INTERVAL_S", in: 0...86_400, expected: "seconds (0 disables)") ?? 300
        )
        let levelText = env["PTR_LOG_LEVEL"] ?? "info"
        guard let level = Logger.Level(rawValue: levelText.lowercased()) else {
            throw ConfigurationError(variable: "PTR_LOG_LEVEL", expected: "trace, debug, info, notice, warning, error or critical", value: levelText)
        }
        logLevel = level
        let formatText = env["PTR_LOG_FORMAT"] ?? "text"
        guard let format = LogFormat(rawValue: formatText.lowercased()) else {
            throw ConfigurationError(variable: "PTR_LOG_FORMAT", expected: "json or text", value: formatText)
        }
        logFormat = format
        maxBodyBytes = try env.integer("PTR_MAX_BODY_BYTES", in: 1...(1 << 30), expected: "a size in bytes") ?? (1 << 20)
    }

    /// The configuration from the process environment, or one line on stderr and exit status 2.
    public static func fromEnvironmentOrExit(service: ServiceName) -> ServiceConfiguration {
        do {
            return try ServiceConfiguration(service: service)
        } catch {
            FileHandle.standardError.write(Data("ptr-\(service.rawValue): \(error)\n".utf8))
            exit(2)
        }
    }
}

/// Typed reads of environment variables; an empty value counts as unset.
private struct EnvironmentReader {
    let environment: [String: String]
    init(_ environment: [String: String]) { self.environment = environment }

    subscript(name: String) -> String? {
        guard let value = environment[name], !value.isEmpty else { return nil }
        return value
    }

    func integer(_ name: String, in range: ClosedRange<Int>, expected: String) throws(ConfigurationError) -> Int? {
        guard let text = self[name] else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw ConfigurationError(variable: name, expected: expected, value: text)
        }
        return value
    }

    func url(_ name: String) throws(ConfigurationError) -> String? {
        guard let text = self[name] else { return nil }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil else {
            throw ConfigurationError(variable: name, expected: "an http:// or https:// URL", value: text)
        }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }
}

extension ServiceConfiguration {
    /// The base URL of `service`: its `PTR_<SERVICE>_URL`, or where `make run` starts it.
    public func url(of service: ServiceName) -> String {
        serviceURLs[service] ?? "http://127.0.0.1:\(service.defaultPort)"
    }
}
