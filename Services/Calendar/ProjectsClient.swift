import PTRCore
import PTROutbound

/// The calls this service makes to the projects service (`PTR_PROJECTS_URL`), 5 s each (§3.4, §5.6).
struct ProjectsClient: Sendable {
    let projects: SiblingService

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The project named by `name` and `createdAt`, or nil when it is not found or the service
    /// cannot be reached (the caller then shows "Project not found.").
    func project(name: String, createdAt: String) async -> JSONValue? {
        guard let response = try? await projects.post("/get-project", ["project_name": .string(name), "created_at": .string(createdAt)]),
              response.status == 200 else { return nil }
        return try? JSONValue.parse(response.body)
    }

    func newProject(_ project: JSONValue) async throws(Failure) {
        try await expectSuccess("/new-project", project)
    }

    func deleteSchedulerProjects(_ projectIDs: [String]) async throws(Failure) {
        try await expectSuccess("/delete-scheduler-projects", ["project_ids": .array(projectIDs.map(JSONValue.string))])
    }

    private func expectSuccess(_ path: String, _ body: JSONValue) async throws(Failure) {
        let response: OutboundResponse
        do {
            response = try await projects.post(path, body)
        } catch {
            throw Failure(description: "projects service \(path): \(error)")
        }
        guard (200..<300).contains(response.status) else {
            throw Failure(description: "projects service \(path) answered \(response.status)")
        }
    }
}
