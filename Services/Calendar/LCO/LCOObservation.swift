import Crypto
import Foundation
import PTRCore

/// An LCO observation (`observation_as_dict`, §5.1) and the documents made from it.
struct LCOObservation: Sendable {
    let raw: JSONValue
    let id: Int64
    let start: String
    let end: String
    let state: String
    let name: String
    let submitter: String

    /// Nil when a field every use needs is absent or wrongly typed.
    init?(_ raw: JSONValue) {
        guard let id = raw["id"]?.integerValue, let start = raw["start"]?.stringValue, let end = raw["end"]?.stringValue,
              let state = raw["state"]?.stringValue, let name = raw["name"]?.stringValue,
              let submitter = raw["submitter"]?.stringValue else { return nil }
        (self.raw, self.id, self.start, self.end, self.state, self.name, self.submitter) = (raw, id, start, end, state, name, submitter)
    }

    private func text(_ key: String) -> String? { raw[key]?.stringValue }

    /// The calendar-shaped entry of `scheduler-observations` (§3.11 step 5).
    func schedulerEntry(site: String) -> JSONValue? {
        guard let modified = text("modified"), let type = text("observation_type"),
              let requestState = raw["request"]?["state"]?.stringValue else { return nil }
        return [
            "event_id": .string(String(id)), "start": .string(start), "end": .string(end), "creator": .string(submitter),
            "creator_id": .string(submitter + "#LCO"), "last_modified": .string(modified), "reservation_type": "observation",
            "origin": "LCO", "resourceId": .string(site), "site": .string(site), "title": .string(name + " (via LCO)"),
            "observation_type": .string(type), "observation_state": .string(state), "request_state": .string(requestState),
            "observation_data": raw,
        ]
    }

    /// The reservation and the project the import writes for this observation at `subsite` (§5.3),
    /// or nil when a field they need is missing or wrongly typed.
    func imported(subsite: String) -> (event: EventDocument, project: JSONValue)? {
        guard let modified = text("modified"), let type = text("observation_type"), let created = text("created"),
              let configuration = raw["request"]?["configurations"]?.arrayValue?.first?.objectValue,
              let constraints = configuration["constraints"]?.objectValue, var target = configuration["target"]?.objectValue,
              let ra = target["ra"]?.doubleValue, let instruments = configuration["instrument_configs"]?.arrayValue,
              let first = instruments.first else { return nil }
        let eventID = Self.eventID(observationID: id)
        let projectID = name + "#" + Self.truncated(created)
        let priority: JSONValue = ["RAPID_RESPONSE", "TIME_CRITICAL"].contains(type) ? "time_critical" : "standard"
        let event: JSONObject = [
            "event_id": .string(eventID), "start": .string(start), "end": .string(end), "creator": .string(submitter),
            "creator_id": .string(submitter + "#LCO"), "last_modified": .string(modified), "project_id": .string(projectID),
            "project_priority": priority, "reservation_note": "This event was created and scheduled by the LCO Scheduler",
            "reservation_type": "project", "origin": "LCO", "resourceId": .string(subsite), "site": .string(subsite),
            "title": .string(name + " (via LCO)"),
        ]
        var exposures: [JSONValue] = []
        for instrument in instruments {
            guard let time = instrument["exposure_time"]?.doubleValue, let count = instrument["exposure_count"]?.integerValue else { return nil }
            let extra = instrument["extra_params"]
            exposures.append([
                "exposure": .number(time), "count": .integer(count),
                "filter": instrument["optical_elements"]?["filter"] ?? .null, "imtype": configuration["type"] ?? .null,
                "zoom": instrument["mode"] ?? .null, "angle": extra?["rotator_angle"] ?? 0, "width": "0.0", "height": "0.0",
                "offset_ra": extra?["offset_ra"] ?? .null, "offset_dec": extra?["offset_dec"] ?? .null, "defocus": extra?["defocus"] ?? 0,
            ])
        }
        target["ra"] = .number(ra / 15)
        let extra = first["extra_params"]
        let (startDate, expiryDate) = (JSONValue.string(Self.truncated(start)), JSONValue.string(Self.truncated(end)))
        let project: JSONValue = [
            "user_id": .string(submitter + "#LCO"), "project_name": .string(name), "created_at": .string(Self.truncated(created)),
            "origin": "LCO", "full_lco_observation": .string(raw.jsonText), "project_id": .string(projectID),
            "start_date": startDate, "expiry_date": expiryDate,
            "project_constraints": [
                "ra_offset": extra?["offset_ra"] ?? .null, "ra_offset_units": "deg",
                "dec_offset": extra?["offset_dec"] ?? .null, "dec_offset_units": "deg", "defocus": extra?["defocus"] ?? 0,
                "lunar_phase_max": constraints["max_lunar_phase"]?.doubleValue.map { .number($0 * 100) } ?? .null,
                "lunar_dist_min": constraints["min_lunar_distance"] ?? .null, "max_airmass": constraints["max_airmass"] ?? .null,
                "project_is_active": true, "start_date": startDate, "expiry_date": expiryDate,
            ],
            "project_creator": ["username": .string(submitter + "(via LCO)"), "user_id": .string(submitter + "#LCO")],
            "project_priority": "standard", "project_sites": [.string(subsite)],
            "project_note": "Created automatically with the LCO scheduler",
            "scheduled_with_events": [.string(eventID)], "project_targets": [.object(target)],
            "exposures": .array(exposures), "remaining": .array(exposures.map { $0["count"] ?? 0 }),
            "project_data": .array(exposures.map { _ in [] }),
        ]
        let document = EventDocument(trusted: event, eventID: eventID, start: start, end: end, site: subsite, creatorID: submitter + "#LCO")
        return (document, project)
    }

    /// `2030-06-12T17:45:03.218734Z` → `2030-06-12T17:45:03Z`; text without a `.` unchanged.
    static func truncated(_ text: String) -> String {
        guard let dot = text.firstIndex(of: ".") else { return text }
        return String(text[..<dot]) + "Z"
    }

    /// UUIDv5 (URL namespace) of `lco:observation:{id}`: the same id on every re-import (§5.5 step 6).
    static func eventID(observationID: Int64) -> String {
        let namespace: [UInt8] = [0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8]
        var bytes = Array(Insecure.SHA1.hash(data: namespace + Array("lco:observation:\(observationID)".utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0f) | 0x50
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        let hex = bytes.map { String(format: "%02x", $0) }
        return [0..<4, 4..<6, 6..<8, 8..<10, 10..<16].map { hex[$0].joined() }.joined(separator: "-")
    }
}
