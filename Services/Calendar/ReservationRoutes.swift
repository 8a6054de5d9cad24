import Hummingbird
import PTRAuth
import PTRCore
import PTRHTTP

/// The three authenticated routes that create, replace and delete reservations (§3.1–§3.3).
/// Every check and write of one request runs in one transaction holding the site's lock, so
/// of concurrent conflicting reservations exactly one wins (§3.1.1).
struct ReservationRoutes: Sendable {
    let store: CalendarStore
    let auth: RequestAuthentication

    static let notYours = "You may only modify your own events."
    static let conflict = "Error: time slot conflicts with an existing reservation"
    static let putMetadata: JSONValue = ["ResponseMetadata": ["HTTPStatusCode": 200]]

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
        try await store.database.transaction { sql in
            try await store.lockSites([event.site], sql)
            if let existing = try await store.event(event.key, sql), !caller.isOwnerOrAdmin(ownerID: existing.creatorID ?? "") {
                throw HTTPFailure(.forbidden, text: Self.notYours)
            }
            guard try await !store.hasConflict(with: event, sql) else { throw HTTPFailure.conflict(Self.conflict) }
            try await store.put(event, sql)
        }
        return .json(["table_response": Self.putMetadata, "new_calendar_event": .object(event.document)])
    }

    @Sendable func modifyEvent(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        let caller = try await auth.identity(of: request)
        let body = try await CalendarInput.body(of: request)
        try CalendarInput.require(["originalEvent", "modifiedEvent"], in: body)
        guard let original = body["originalEvent"]?.objectValue else { throw HTTPFailure.badRequest("Error: missing required key originalEvent") }
        guard let modified = body["modifiedEvent"]?.objectValue else { throw HTTPFailure.badRequest("Error: missing required key modifiedEvent") }
        let fields = try CalendarInput.strings([("event_id", .identifier), ("start", .time)], in: original)
        let key = CalendarStore.Key(eventID: fields[0], start: fields[1])
        // Learn the stored event's site first so that both sites' locks are taken before any row lock.
        let before = try await store.database.read { sql in try await store.event(key, sql) }
        let replacement = try Self.replacement(for: before, modified: modified, caller: caller)
        try await store.database.transaction { sql in
            try await store.lockSites(Set([before?.site, replacement.site].compactMap { $0 }), sql)
            let stored = try await store.event(key, sql)
            _ = try Self.replacement(for: stored, modified: modified, caller: caller)
            guard try await !store.hasConflict(with: replacement, sql) else { throw HTTPFailure.conflict(Self.conflict) }
            try await store.delete(key, sql)
            try await store.put(replacement, sql)
        }
        return .json(Self.putMetadata)
    }

    /// The new version of `stored`, checked in §3.2's order: 404, 403, then §3.1's validations
    /// with `event_id` and `creator_id` forced to the stored ones.
    private static func replacement(for stored: CalendarStore.StoredEvent?, modified: JSONObject, caller: Identity) throws -> EventDocument {
        guard let stored else { throw HTTPFailure.notFound("Error: event not found") }
        guard caller.isOwnerOrAdmin(ownerID: stored.creatorID ?? "") else { throw HTTPFailure(.forbidden, text: notYours) }
        var document = modified
        document["event_id"] = .string(stored.key.eventID)
        // A legacy event without a creator (only admins may touch it) becomes the admin's.
        document["creator_id"] = .string(stored.creatorID ?? caller.sub)
        return try EventDocument(validating: document, defaultCreatorID: caller.sub).stamped()
    }

    @Sendable func deleteEvent(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        let caller = try await auth.identity(of: request)
        let fields = try CalendarInput.strings([("event_id", .identifier), ("start", .time)], in: try await CalendarInput.body(of: request))
        let key = CalendarStore.Key(eventID: fields[0], start: fields[1])
        try await store.database.transaction { sql in
            // A missing event is "not yours" except for admins (the original's conditional delete, Q12).
            let stored = try await store.event(key, sql)
            guard caller.isAdmin || (stored != nil && stored?.creatorID == caller.sub) else {
                throw HTTPFailure(.forbidden, text: Self.notYours)
            }
            try await store.delete(key, sql)
        }
        return .json(Self.putMetadata)
    }
}
