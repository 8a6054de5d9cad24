/// The six services of the backend, with the names, ports and stage prefixes of ARCHITECTURE.md §1.
public enum ServiceName: String, Sendable, CaseIterable {
    case projects, calendar, jobs, api, archive, pipeQueue = "pipe-queue"

    public var defaultPort: Int {
        switch self {
        case .projects: 8081
        case .calendar: 8082
        case .jobs: 8083
        case .api: 8084
        case .archive: 8085
        case .pipeQueue: 8086
        }
    }

    /// The base paths the real clients put in front of every route (API Gateway base-path
    /// mappings in the original). Routes answer under each of them and without one.
    public var stagePrefixes: [String] {
        let common = ["api", "dev", "test"]
        switch self {
        case .projects: return ["projects"] + common
        case .calendar: return ["calendar"] + common
        case .jobs: return ["jobs"] + common
        case .api, .archive, .pipeQueue: return common
        }
    }
}
