import Foundation
import PTRCore
import PTRHTTP

/// A reservation as written: the client's whole document plus the key values checked by §3.1
/// (the typed columns of §2.2 are copies of these).
struct EventDocument: Sendable {
    let eventID: String
    let start: String
    let end: String
    let site: String
    let creatorID: String
    let document: JSONObject

    var key: CalendarStore.Key { .init(eventID: eventID, start: start) }

    /// Checks `document` with §3.1's rules, in the table's order: required keys (`event_id`,
    /// `start`, `site`, `end`), types, then `end` after `start`. `creatorID` is the value to store
    /// when the document has no `creator_id`.
    init(validating document: JSONObject, defaultCreatorID: String) throws {
        try CalendarInput.require(["event_id", "start", "site", "end"], in: document)
        eventID = try CalendarInput.string("event_id", in: document, .identifier)
        start = try CalendarInput.string("start", in: document, .time)
        site = try CalendarInput.string("site", in: document, .identifier)
        end = try CalendarInput.string("end", in: document, .time)
        var document = document
        if document["creator_id"] != nil {
            creatorID = try CalendarInput.string("creator_id", in: document, .identifier)
        } else {
            creatorID = defaultCreatorID
            document["creator_id"] = .string(defaultCreatorID)
        }
        // The ui splits `title` and `creator` and the observatory splits `project_id`: a
        // non-string there breaks the calendar for everyone reading the site (Q18).
        for key in ["title", "creator", "project_id"] where document[key] != nil && document[key]?.stringValue == nil {
            throw HTTPFailure.badRequest("Error: \(key) must be a string")
        }
        guard bytewiseLess(start, end) else {
            throw HTTPFailure.badRequest("Error: end must be after start")
        }
        self.document = document
    }

    /// Initialises from a document already known to be valid (the LCO import builds its own).
    init(trusted document: JSONObject, eventID: String, start: String, end: String, site: String, creatorID: String) {
        self.eventID = eventID
        self.start = start
        self.end = end
        self.site = site
        self.creatorID = creatorID
        self.document = document
    }

    /// The document with `last_modified` set to now, as the original wrote it.
    func stamped(_ now: Date = Date()) -> EventDocument {
        var document = document
        document["last_modified"] = .string(UTCTimestamp.string(from: now))
        return EventDocument(trusted: document, eventID: eventID, start: start, end: end, site: site, creatorID: creatorID)
    }
}

/// Byte-wise order of time strings, as DynamoDB compared them (§3.0).
func bytewiseLess(_ lhs: String, _ rhs: String) -> Bool {
    Array(lhs.utf8).lexicographicallyPrecedes(Array(rhs.utf8))
}

/// The time formats the calendar writes.
enum CalendarTime {
    /// `YYYY-MM-DDTHH:MM:SS`, no zone: what the import compares with and sends to LCO (§5.5).
    static func secondsWithoutZone(_ date: Date) -> String {
        String(UTCTimestamp.string(from: date).dropLast())
    }
}
