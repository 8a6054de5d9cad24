import Logging
import PTRCore
import PTROutbound

/// The calendar service as delete-project uses it: detach a deleted project from its reservations
/// (`POST {PTR_CALENDAR_URL}/remove-project-from-events`, spec/projects.md §3.8, calendar.md §3.10).
struct CalendarLink: Sendable {
    let calendar: SiblingService
    let logger: Logger

    /// Best effort: the project is already deleted, so a failure is logged and never reaches the caller.
    /// The calendar finds the events by `project_id`: every event still pointing at this project,
    /// listed or not (attached through `add-projects-to-events`), and none of another project's (a
    /// clone carries its source's event list, Q19). `events` is still sent for a calendar that
    /// reads only the list.
    func detach(_ key: ProjectKey, fromEvents events: [JSONValue]) async {
        let body: JSONValue = ["events": .array(events), "project_id": .string(key.projectID)]
        do {
            let response = try await calendar.post("/remove-project-from-events", body)
            if !response.isSuccess {
                logger.warning("calendar did not detach a deleted project", metadata: ["project_id": "\(key.projectID)", "status": "\(response.status)"])
            }
        } catch {
            logger.warning("calendar unreachable while detaching a deleted project", metadata: ["project_id": "\(key.projectID)", "error": "\(error)"])
        }
    }
}
