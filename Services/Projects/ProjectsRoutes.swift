import Hummingbird
import PTRCore
import PTRHTTP

/// The nine `POST` routes of spec/projects.md §3. Only delete-project is authenticated; the rest
/// stay open as in the original (the UI sends no token on new/modify, the observatory never does).
struct ProjectsRoutes: Sendable {
    let store: ProjectStore
    let authentication: RequestAuthentication
    let calendar: CalendarLink

    static let notFound = HTTPFailure.notFound("Project not found.")
    /// The original crashed mid-list on hostile input; this bounds one call's work instead.
    static let maximumSchedulerIDs = 1000

    func register(on routes: ServiceRoutes) {
        typealias S = ProjectsSchemas
        routes.defineSchema("StorableValue", S.storableValue)
        routes.post("/new-project", summary: "Create a project, or replace the one with the same name and created_at", body: .required(S.project),
                    responses: [200: .json("Stored", S.storedReply), 400: S.invalid, 413: S.tooLarge], handler: newProject)
        routes.post("/modify-project", summary: "Change a project's editable keys, keeping progress of unchanged exposures", body: .required(S.modifyBody),
                    responses: [200: .json("Updated, or is_successful false when absent", S.modified), 400: S.invalid,
                                409: "Error: a project with this name and created_at already exists (text): rename onto an existing project",
                                413: S.tooLarge],
                    handler: modifyProject)
        routes.post("/get-project", summary: "One project document", body: .required(S.projectKey),
                    responses: [200: .json("The project", S.project), 400: S.invalid, 404: S.notFound, 413: S.tooLarge], handler: getProject)
        routes.post("/get-user-projects", summary: "A user's projects, oldest first", body: .required(S.userBody),
                    responses: [200: .json("Array of projects", JSONSchema.array(S.project)),
                                400: "Missing or invalid user_id: the text JSON-quoted (\"Error: ...\"); a body that is no JSON object: bare text", 413: S.tooLarge],
                    handler: getUserProjects)
        routes.post("/get-all-projects", summary: "Every project, oldest first (the body is never read)",
                    responses: [200: .json("Array of projects", JSONSchema.array(S.project))], handler: getAllProjects)
        routes.post("/add-project-data", summary: "Record a finished exposure of an exposure set", body: .required(S.projectDataBody),
                    responses: [200: .json("Recorded", JSONSchema.object(["message": JSONSchema.constant("success")], required: ["message"])),
                                400: S.invalid, 404: S.notFound, 409: "Error: project data at exposure_index {i} cannot be updated (text)", 413: S.tooLarge],
                    handler: addProjectData)
        routes.post("/add-project-event", summary: "Attach a calendar event id to a project (idempotent)", body: .required(S.projectEventBody),
                    responses: [200: "Successfully associated event with project. / Event already associated with this project (text)",
                                400: S.invalid, 404: S.notFound, 409: "Error: scheduled_with_events is not a list (text)", 413: S.tooLarge],
                    handler: addProjectEvent)
        routes.post("/delete-project", summary: "Delete a project (owner or admin) and detach it from its reservations", body: .required(S.projectKey),
                    authenticated: true,
                    responses: [200: .json("Deleted", JSONSchema.storageMetadata), 400: S.invalid, 403: "You may only delete your own projects. (text)",
                                404: S.notFound, 413: S.tooLarge], handler: deleteProject)
        routes.post("/delete-scheduler-projects", summary: "Delete LCO-origin projects by project_id", body: .required(S.schedulerIDsBody),
                    responses: [200: .json("Counts and failed ids", S.schedulerDeletion), 400: S.invalid,
                                413: "Over 1000 ids, or a body over 400 KB"], handler: deleteSchedulerProjects)
    }

    @Sendable func newProject(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        let body = try await ProjectRequest(request).body
        try await store.upsert(try ProjectDocument(validating: body))
        return .json(["table_response": StorageMetadata.full(requestID: context.requestID), "new_project": .object(body)])
    }

    @Sendable func modifyProject(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        let input = try await ProjectRequest(request)
        try input.require("project_name", "created_at", "project_changes")
        let key = try input.projectKey()
        guard let changesObject = input.body["project_changes"]?.objectValue else {
            throw HTTPFailure.badRequest("Error: project_changes must be a JSON object")
        }
        // Validated after the lookup, as the original did: an unknown project answers 200 whatever the changes.
        let outcome = try await store.modify(key) { stored in
            let changes = try ProjectChanges(validating: changesObject)
            return (try ProjectDocument(validating: changes.applied(to: stored)), ())
        }
        switch outcome {
        case .notFound:
            return .json(["is_successful": false, "description": "The requested project does not exist.", "updated_project": []])
        case .keyTaken:
            throw HTTPFailure.conflict("Error: a project with this name and created_at already exists")
        case .changed:
            return .json(["is_successful": true, "description": "Project has been updated.", "updated_project": StorageMetadata.full(requestID: context.requestID)])
        }
    }

    @Sendable func getProject(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        let key = try await ProjectRequest(request).projectKey()
        guard let project = try await store.project(key) else { throw Self.notFound }
        return .stored(project)
    }

    /// The one route whose errors are JSON-encoded strings, quotes included (the original's Q10).
    @Sendable func getUserProjects(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        let body = try await ProjectRequest(request).body
        guard let value = body["user_id"] else { return .json("Error: missing required key user_id", status: .badRequest) }
        guard let userID = value.stringValue, !userID.isEmpty, !userID.contains("\0") else {
            return .json("Error: user_id must be a non-empty string", status: .badRequest)
        }
        return .stored(try await store.projects(ofUser: userID))
    }

    @Sendable func getAllProjects(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        .stored(try await store.allProjects())
    }

    @Sendable func addProjectData(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        let input = try await ProjectRequest(request)
        try input.require("project_name", "created_at", "exposure_index", "base_filename")
        let key = try input.projectKey()
        guard let index = input.body["exposure_index"]?.integerValue, index >= 0, index <= Int64(Int.max) else {
            throw HTTPFailure.badRequest("Error: exposure_index must be a non-negative integer")
        }
        guard let filename = input.body["base_filename"]?.stringValue else {
            throw HTTPFailure.badRequest("Error: base_filename must be a string")
        }
        let outcome = try await store.modify(key) { stored in
            (try ProjectDocument(validating: ProjectProgress.recordingExposure(filename, at: Int(index), in: stored)), ())
        }
        guard case .changed = outcome else { throw Self.notFound }
        return .json(["message": "success"])
    }

    @Sendable func addProjectEvent(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        let input = try await ProjectRequest(request)
        try input.require("project_name", "created_at", "event_id")
        let key = try input.projectKey()
        guard let eventID = input.body["event_id"]?.stringValue, !eventID.isEmpty else {
            throw HTTPFailure.badRequest("Error: event_id must be a non-empty string")
        }
        let outcome = try await store.modify(key) { stored -> (ProjectDocument?, Bool) in
            guard let document = try ProjectProgress.attachingEvent(eventID, to: stored) else { return (nil, false) }
            return (try ProjectDocument(validating: document), true)
        }
        switch outcome {
        case .notFound, .keyTaken: throw Self.notFound
        case .changed(true): return .text("Successfully associated event with project.")
        case .changed(false): return .text("Event already associated with this project")
        }
    }

    /// Authorized by the token alone (owner = stored `user_id` equals `sub`, or admin); the
    /// calendar is told only after the row is gone, always (reservations may point at the project
    /// without being in its `scheduled_with_events`), and its failure does not fail the delete.
    @Sendable func deleteProject(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        let caller = try await authentication.identity(of: request)
        let key = try await ProjectRequest(request).projectKey()
        let deleted = try await store.delete(key) { project in
            guard caller.isOwnerOrAdmin(ownerID: project["user_id"]?.stringValue ?? "") else {
                throw HTTPFailure(.forbidden, text: "You may only delete your own projects.")
            }
        }
        guard let deleted else { throw Self.notFound }
        await calendar.detach(key, fromEvents: deleted["scheduled_with_events"]?.arrayValue ?? [])
        return .json(StorageMetadata.full(requestID: context.requestID))
    }

    /// Deletes each listed project whose origin is `"LCO"`; every other id is reported as failed.
    @Sendable func deleteSchedulerProjects(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        let body = try await ProjectRequest(request).body
        let ids: [JSONValue]
        switch body["project_ids"] {
        case nil: ids = []
        case .string(let id): ids = [.string(id)]
        case .array(let list): ids = list
        default: throw HTTPFailure.badRequest("Error: project_ids must be a list")
        }
        guard ids.count <= Self.maximumSchedulerIDs else { throw ProjectRequest.tooLarge }
        var deleted = 0
        var failed: [JSONValue] = []
        for id in ids {
            if let text = id.stringValue, !text.contains("\0"), let key = ProjectKey(projectID: text), try await store.deleteLCOProject(key) {
                deleted += 1
            } else {
                failed.append(id)
            }
        }
        return .json(["successful_delete_count": .integer(Int64(deleted)), "failed_delete_count": .integer(Int64(failed.count)),
                      "failed_ids": .array(failed), "message": "Delete finished"])
    }
}
