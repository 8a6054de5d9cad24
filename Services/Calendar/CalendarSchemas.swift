import PTRCore
import PTRHTTP

/// The JSON Schemas of the calendar's OpenAPI document, matching `CalendarInput` and
/// `EventDocument`. Every body is a JSON object (nested at most 32 levels: 400) of at most 400 KB (413).
enum CalendarSchemas {
    /// Unicode Cc and Cf (Foundation's control characters) of the Basic Multilingual Plane.
    static let controlCharacters = "\\u0000-\\u001F\\u007F-\\u009F\\u00AD\\u0600-\\u0605\\u061C\\u06DD\\u070F\\u0890\\u0891\\u08E2\\u180E"
        + "\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u206F\\uFEFF\\uFFF9-\\uFFFB"

    /// An event id, site, creator or user id: at most 2048 UTF-8 bytes, no control characters.
    static func identifier(minLength: Int = 1) -> JSONValue {
        JSONSchema.described(JSONSchema.string(minLength: minLength, maxLength: CalendarInput.maximumIDBytes, pattern: "^[^\(controlCharacters)]*$"),
                             "At most \(CalendarInput.maximumIDBytes) UTF-8 bytes, no control characters")
    }

    /// `start`, `end`, `time`: opaque text compared byte-wise (ISO 8601 UTC by convention).
    static let time = JSONSchema.described(JSONSchema.string(minLength: 1, maxLength: CalendarInput.maximumTimeBytes),
                                           "Compared byte-wise, never parsed; at most \(CalendarInput.maximumTimeBytes) UTF-8 bytes")

    static func fields(_ fields: [(String, JSONValue)], optional: JSONObject = [:]) -> JSONValue {
        var properties = JSONObject(fields, uniquingKeysWith: { first, _ in first })
        properties.merge(optional) { first, _ in first }
        return JSONSchema.object(properties, required: fields.map(\.0))
    }

    static let eventKey = fields([("event_id", identifier()), ("start", time)])

    /// A reservation as written (§3.1): `end` must sort after `start`.
    static let event = fields([("event_id", identifier()), ("start", time), ("site", identifier()), ("end", time)], optional: [
        "creator_id": JSONSchema.described(identifier(), "The caller's sub when absent; only admins may name another"),
        "title": JSONSchema.string(), "creator": JSONSchema.string(), "project_id": JSONSchema.string(),
    ])
    static let modifyBody = fields([("originalEvent", eventKey),
                                    ("modifiedEvent", JSONSchema.described(event, "event_id and creator_id are the stored event's"))])

    static let siteEventsBody = fields([("site", identifier()), ("start", time), ("end", time)],
                                       optional: ["full_project_details": JSONSchema.described(JSONSchema.anything, "Truthy: add each event's project")])
    static let siteAtTimeBody = fields([("time", time), ("site", identifier())])
    static let userAfterTimeBody = fields([("user_id", identifier()), ("time", time)])
    static let userSiteTimeBody = fields([("user_id", identifier()), ("site", identifier()), ("time", time)])
    static let observationsBody = fields([("site", identifier()), ("start", time), ("end", time)])

    static let addProjectBody = fields([("project_id", JSONSchema.described(JSONSchema.anything, "Stored as sent")),
                                        ("events", JSONSchema.array(eventKey, maxItems: CalendarInput.maximumEvents))])
    static let removeProjectBody = fields([("events", JSONSchema.array(JSONSchema.anyOf([
        identifier(minLength: 0), JSONSchema.object(["event_id": identifier(minLength: 0)], required: ["event_id"]),
    ]), maxItems: CalendarInput.maximumEvents))], optional: ["project_id": JSONSchema.described(JSONSchema.anything, "A string: only events of that project")])

    /// A stored reservation.
    static let storedEvent = JSONSchema.object(["event_id": JSONSchema.string(), "start": JSONSchema.string(), "end": JSONSchema.string(),
                                                "site": JSONSchema.string()], required: ["event_id", "start", "end", "site"])
    static let events = JSONSchema.array(storedEvent)
    static let created = JSONSchema.object(["table_response": JSONSchema.storageStatus, "new_calendar_event": storedEvent],
                                           required: ["table_response", "new_calendar_event"])
    static let attached = JSONSchema.array(JSONSchema.object(["event_id": JSONSchema.string(), "start": JSONSchema.string(),
                                                               "updated": JSONSchema.boolean], required: ["event_id", "start", "updated"]))
    /// A calendar-shaped LCO observation (§3.11).
    static let observations = JSONSchema.array(JSONSchema.anyObject)

    static let invalid: DocumentedResponse = "Error: ... (text): body not a JSON object or nested too deeply, a key missing or invalid"
    static let tooLarge: DocumentedResponse = "Error: request body too large (text): over 400 KB"
    static let notYours: DocumentedResponse = "You may only modify your own events. (text)"
    static let slotTaken: DocumentedResponse = "Error: time slot conflicts with an existing reservation (text)"
    static let importBusy: DocumentedResponse = "Error: schedule import already running (text)"
}
