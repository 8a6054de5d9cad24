import Hummingbird
import PTRCore
import PTRHTTP

/// The open read routes (§3.4–§3.8): the ui's and the observatory's views of a site, and the
/// jobs service's "who holds the telescope now?".
struct ScheduleReadRoutes: Sendable {
    let store: CalendarStore
    let projects: ProjectsClient

    func register(on routes: ServiceRoutes) {
        typealias S = CalendarSchemas
        routes.post("/siteevents", summary: "Events of a site whose end lies in [start, end]", body: .required(S.siteEventsBody),
                    responses: [200: .json("Array of events", S.events), 400: S.invalid, 413: S.tooLarge], handler: siteEvents)
        routes.post("/get-event-at-time", summary: "Events of a site active at an instant", body: .required(S.siteAtTimeBody),
                    responses: [200: .json("Array of events", S.events), 400: S.invalid, 413: S.tooLarge], handler: eventsAtTime)
        routes.post("/user-events-ending-after-time", summary: "A user's events ending at or after an instant", body: .required(S.userAfterTimeBody),
                    responses: [200: .json("Array of events", S.events), 400: S.invalid, 413: S.tooLarge], handler: userEvents)
        routes.post("/is-user-scheduled", summary: "Does the user hold an active event at the site?", body: .required(S.userSiteTimeBody),
                    responses: [200: .json("true or false", JSONSchema.boolean), 400: S.invalid, 413: S.tooLarge], handler: isUserScheduled)
        routes.post("/does-conflicting-event-exist", summary: "Does someone else hold an active event at the site?", body: .required(S.userSiteTimeBody),
                    responses: [200: .json("true or false", JSONSchema.boolean), 400: S.invalid, 413: S.tooLarge], handler: conflictingEventExists)
    }

    @Sendable func siteEvents(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        let body = try await CalendarInput.body(of: request)
        let fields = try CalendarInput.strings([("site", .identifier), ("start", .time), ("end", .time)], in: body)
        guard !bytewiseLess(fields[2], fields[1]) else { throw HTTPFailure.badRequest("Error: start is after end") }
        let events = try await store.events(site: fields[0], endingFrom: fields[1], to: fields[2])
        guard body["full_project_details"]?.isTruthy == true else { return .stored(events) }
        return .json(.array(await withProjects(try events.map { try $0.value })))
    }

    /// Adds `project` to each event that names one (§3.4): the project, or "Project not found."
    private func withProjects(_ events: [JSONValue]) async -> [JSONValue] {
        var found: [String: JSONValue] = [:]
        var result: [JSONValue] = []
        for event in events {
            guard var document = event.objectValue, let projectID = document["project_id"]?.stringValue, projectID != "none" else {
                result.append(event)
                continue
            }
            if found[projectID] == nil {
                let parts = projectID.split(separator: "#", omittingEmptySubsequences: false).map(String.init)
                let project = parts.count < 2 ? nil : await projects.project(name: parts[parts.count - 2], createdAt: parts[parts.count - 1])
                found[projectID] = project ?? "Project not found."
            }
            document["project"] = found[projectID]
            result.append(.object(document))
        }
        return result
    }

    @Sendable func eventsAtTime(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        let fields = try CalendarInput.strings([("time", .time), ("site", .identifier)], in: try await CalendarInput.body(of: request))
        return .stored(try await store.events(site: fields[1], activeAt: fields[0]))
    }

    @Sendable func userEvents(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        let fields = try CalendarInput.strings([("user_id", .identifier), ("time", .time)], in: try await CalendarInput.body(of: request))
        return .stored(try await store.events(creatorID: fields[0], endingAtOrAfter: fields[1]))
    }

    @Sendable func isUserScheduled(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        let (userID, creators) = try await activeCreators(request)
        return .json(.bool(creators.contains(userID)))
    }

    /// A missing `creator_id` counts as someone else.
    @Sendable func conflictingEventExists(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        let (userID, creators) = try await activeCreators(request)
        return .json(.bool(creators.contains { $0 != userID }))
    }

    /// The body's `user_id` and the `creator_id`s of the events active at its `site` and `time`.
    private func activeCreators(_ request: Request) async throws -> (String, [String?]) {
        let fields = try CalendarInput.strings([("user_id", .identifier), ("site", .identifier), ("time", .time)],
                                               in: try await CalendarInput.body(of: request))
        let events = try await store.events(site: fields[1], activeAt: fields[2])
        return (fields[0], try events.map { try $0.value["creator_id"]?.stringValue })
    }
}
