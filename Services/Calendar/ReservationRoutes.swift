import Hummingbird
import PTRAuth
import PTRCore
import PTRHTTP

/// The three authenticated routes that create, replace and delete reservations (§3.1–§3.3).
/// Each write is one store method, whose checks and write run in one transaction holding the
/// site's lock, so of concurrent conflicting reservations exactly one wins (§3.1.1).
struct ReservationRoutes: Sendable {
    let store: CalendarStore
    let auth: RequestAuthentication

    static let notYours = "You may only modify your own events."
    static let conflict = "Error: time slot conflicts with an existing reservation"

    func register(on routes: ServiceRoutes) {
        typealias S = CalendarSchemas
        routes.post("/newevent", summary: "Create or replace a reservation (owner or admin)", body: .required(S.event), authenticated: true,
                    responses: [200: .json("The stored event", S.created), 400: S.invalid, 403: S.notYours, 409: S.slotTaken, 413: S.tooLarge],
                    handler: newEvent)
        routes.post("/modifyevent", summary: "Replace a reservation in one transaction (owner or admin)", body: .required(S.modifyBody),
                    authenticated: true,
                    responses: [200: .json("Replaced", JSONSchema.storageStatus), 400: S.invalid, 403: S.notYours,
                                404: "Error: event not found (text)", 409: S.slotTaken, 413: S.tooLarge], handler: modifyEvent)
        routes.post("/delete", summary: "Delete a reservation (owner or admin; an absent one is only an admin's no-op)", body: .required(S.eventKey),
                    authenticated: true,
                    responses: [200: .json("Deleted", JSONSchema.storageStatus), 400: S.invalid, 403: S.notYours, 413: S.tooLarge],
                    handler: deleteEvent)
    }

    @Sendable func newEvent(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        let caller = try await auth.identity(of: request)
        let event = try EventDocument(validating: try await CalendarInput.body(of: request), defaultCreatorID: caller.sub).stamped()
        guard caller.isOwnerOrAdmin(ownerID: event.creatorID) else { throw HTTPFailure(.forbidden, text: Self.notYours) }
        try Self.answer(try await store.create(event) { existing in caller.isOwnerOrAdmin(ownerID: existing.creatorID ?? "") })
        return .json(["table_response": StorageMetadata.statusOnly, "new_calendar_event": .object(event.document)])
    }

    @Sendable func modifyEvent(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        let caller = try await auth.identity(of: request)
        let body = try await CalendarInput.body(of: request)
        try CalendarInput.require(["originalEvent", "modifiedEvent"], in: body)
        guard let original = body["originalEvent"]?.objectValue else { throw HTTPFailure.badRequest("Error: missing required key originalEvent") }
        guard let modified = body["modifiedEvent"]?.objectValue else { throw HTTPFailure.badRequest("Error: missing required key modifiedEvent") }
        let fields = try CalendarInput.strings([("event_id", .identifier), ("start", .time)], in: original)
        let outcome = try await store.replace(
            CalendarStore.Key(eventID: fields[0], start: fields[1]),
            mayChange: { stored in caller.isOwnerOrAdmin(ownerID: stored.creatorID ?? "") },
            with: { stored in try Self.replacement(for: stored, modified: modified, caller: caller) })
        try Self.answer(outcome)
        return .json(StorageMetadata.statusOnly)
    }

    /// The new version of `stored`: §3.1's validations with `event_id` and `creator_id` forced to
    /// the stored ones (§3.2).
    private static func replacement(for stored: CalendarStore.StoredEvent, modified: JSONObject, caller: Identity) throws -> EventDocument {
        var document = modified
        document["event_id"] = .string(stored.key.eventID)
        // A legacy event without a creator (only admins may touch it) becomes the admin's.
        document["creator_id"] = .string(stored.creatorID ?? caller.sub)
        return try EventDocument(validating: document, defaultCreatorID: caller.sub).stamped()
    }

    @Sendable func deleteEvent(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        let caller = try await auth.identity(of: request)
        let fields = try CalendarInput.strings([("event_id", .identifier), ("start", .time)], in: try await CalendarInput.body(of: request))
        // A missing event is "not yours" except for admins (the original's conditional delete, Q12).
        try Self.answer(try await store.delete(CalendarStore.Key(eventID: fields[0], start: fields[1])) { stored in
            caller.isAdmin || (stored != nil && stored?.creatorID == caller.sub)
        })
        return .json(StorageMetadata.statusOnly)
    }

    /// The status and text of each refusal (§3.1–§3.3).
    private static func answer(_ outcome: CalendarStore.WriteOutcome) throws {
        switch outcome {
        case .done: return
        case .notFound: throw HTTPFailure.notFound("Error: event not found")
        case .notYours: throw HTTPFailure(.forbidden, text: notYours)
        case .slotTaken: throw HTTPFailure.conflict(conflict)
        }
    }
}
