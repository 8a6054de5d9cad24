import Hummingbird
import PTRCore
import PTRHTTP

/// Attaching projects to events and detaching them (§3.9, §3.10). Open, as in the original:
/// the ui and the projects service call them without a token (§6.2).
struct EventProjectRoutes: Sendable {
    let store: CalendarStore

    func register(on routes: ServiceRoutes) {
        typealias S = CalendarSchemas
        routes.post("/add-projects-to-events", summary: "Set project_id on existing events", body: .required(S.addProjectBody),
                    responses: [200: .json("One entry per element", S.attached), 400: S.invalid, 413: S.tooLarge], handler: addProject)
        routes.post("/remove-project-from-events", summary: "Set project_id to \"none\" on the listed events, or on every event of the body's project_id", body: .required(S.removeProjectBody),
                    responses: [200: "Success (text)", 400: S.invalid, 413: S.tooLarge], handler: removeProject)
    }

    /// Every element is checked before anything changes; unknown keys are reported, never created (Q10).
    @Sendable func addProject(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        let body = try await CalendarInput.body(of: request)
        try CalendarInput.require(["project_id"], in: body)
        let projectID = body["project_id"] ?? .null
        let keys = try CalendarInput.events(in: body).map { element in
            guard let object = element.objectValue else { throw HTTPFailure.badRequest("Error: events must contain objects") }
            let fields = try CalendarInput.strings([("event_id", .identifier), ("start", .time)], in: object)
            return CalendarStore.Key(eventID: fields[0], start: fields[1])
        }
        let updated = try await store.attachProject(projectID, to: keys)
        let entries: [JSONValue] = zip(keys, updated).map { key, updated in
            ["event_id": .string(key.eventID), "start": .string(key.start), "updated": .bool(updated)]
        }
        return .json(.array(entries))
    }

    /// Implements what the original meant (Q11): each listed id loses its project; with a
    /// `project_id` in the body, every event still pointing at that project does instead (the
    /// listed ones that point elsewhere keep theirs), as a deleted project needs (projects.md §3.8).
    @Sendable func removeProject(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        let body = try await CalendarInput.body(of: request)
        let events = try CalendarInput.events(in: body)
        // The projects service names the deleted project: its events are found by that id, listed
        // or not, so the list is not read (nor can an odd element of it stop the detach).
        if let projectID = body["project_id"]?.stringValue {
            try await store.detachProject(projectID)
            return .text("Success")
        }
        let eventIDs = try events.map { element in
            guard let id = element.stringValue ?? element["event_id"]?.stringValue else {
                throw HTTPFailure.badRequest("Error: events must contain event ids")
            }
            try CalendarInput.check(id, key: "event_id", .identifier)
            return id
        }
        try await store.detachProject(fromEventsWithIDs: eventIDs)
        return .text("Success")
    }
}
