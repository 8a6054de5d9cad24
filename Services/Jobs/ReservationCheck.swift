import Foundation
import Logging
import PTRAuth
import PTRCore
import PTRHTTP
import PTROutbound

/// The only server-side authorisation of commands (spec/jobs.md §3.1): while someone holds a
/// calendar event at the site, only that someone (or an admin) may send commands.
struct ReservationCheck: Sendable {
    static let blocked = "Someone else has a reservation right now. Please see the calendar for details."
    static let unavailable = "Unable to check the calendar for current reservations. Please try again."

    let calendar: SiblingService
    let logger: Logger

    /// Throws the 401 when another user's event is active at the site, the 503 when the calendar
    /// cannot say. Admins skip the call; the caller is the token's `sub`, never the body's `user_id`.
    func authorize(_ caller: Identity, site: String, now: Date = Date()) async throws {
        guard !caller.isAdmin else { return }
        let events = try await currentEvents(site: site, now: now)
        let holdsOne = events.contains { $0["creator_id"]?.stringValue == caller.sub }
        if !events.isEmpty && !holdsOne {
            throw HTTPFailure(.unauthorized, text: Self.blocked)
        }
    }

    /// The calendar's events at `site` active now: `POST /get-event-at-time` (calendar.md §3.5).
    private func currentEvents(site: String, now: Date) async throws -> [JSONValue] {
        let body: JSONValue = ["site": .string(site), "time": .string(UTCTimestamp.string(from: now))]
        do {
            let response = try await calendar.post("/get-event-at-time", body)
            guard response.isSuccess, case .array(let events)? = try? JSONValue.parse(response.text) else {
                logger.warning("calendar answered \(response.status) without an event list; command refused")
                throw HTTPFailure(.serviceUnavailable, text: Self.unavailable)
            }
            return events
        } catch let error as OutboundError {
            logger.warning("calendar unreachable (\(error)); command refused")
            throw HTTPFailure(.serviceUnavailable, text: Self.unavailable)
        }
    }

}
