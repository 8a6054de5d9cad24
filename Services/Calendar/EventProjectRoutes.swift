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
        routes.post("/remove-project-from-events", summary: "Set project_id to \"none\" on the listed events", body: .required(S.removeProjectBody),
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
        let entries = try await store.database.transaction { sql in
            var entries: [JSONValue] = []
            for key in keys {
                let stored = try await store.event(key, sql)
                if var document = stored?.document {
                    document["project_id"] = projectID
                    try await store.replaceDocument(of: key, with: document, sql)
                }
                entries.append(["event_id": .string(key.eventID), "start": .string(key.start), "updated": .bool(stored != nil)])
            }
            return entries
        }
        return .json(.array(entries))
    }

    /// Implements what the original meant (Q11): each listed id loses its project; with a
    /// `project_id` in the body only events still pointing at that project do.
    @Sendable func removeProject(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        let body = try await CalendarInput.body(of: request)
        let eventIDs = try CalendarInput.events(in: body).map { element in
            guard let id = element.stringValue ?? element["event_id"]?.stringValue else {
                throw HTTPFailure.badRequest("Error: events must contain event ids")
            }
            try CalendarInput.check(id, key: "event_id", .identifier)
            return id
        }
        let onlyProject = body["project_id"]?.stringValue
        try await store.database.transaction { sql in
            for eventID in eventIDs {
                for event in try await store.events(withID: eventID, sql)
                where onlyProject == nil || event.document["project_id"]?.stringValue == onlyProject {
                    var document = event.document
                    document["project_id"] = "none"
                    try await store.replaceDocument(of: event.key, with: document, sql)
                }
            }
        }
        return .text("Success")
    }
}
