import Foundation
import PTRCore

/// The bodies the clients send, as the services' own tests send them (spec/client-contract.md).
enum ClientBodies {
    /// A reservation as the UI's calendar posts it to `newevent` (calendar.md §2.1).
    static func reservation(_ eventID: String, site: String, start: String, end: String, creator: String) -> JSONValue {
        [
            "event_id": .string(eventID), "start": .string(start), "end": .string(end), "creator": "Jane Doe", "creator_id": .string(creator),
            "site": .string(site), "resourceId": .string(site), "title": "Jane Doe", "reservation_type": "realtime",
            "reservation_note": "", "origin": "PTR", "project_id": "none#", "project_priority": "standard",
        ]
    }

    /// A camera expose as the UI's command button posts it to `newjob` (jobs.md §9 "ui body").
    static func expose(site: String, userID: String, action: String = "expose") -> JSONValue {
        [
            "site": .string(site), "mount": "mount1", "device": "camera", "instance": "camera1", "user_name": "jdoe", "user_id": .string(userID),
            "user_roles": [], "timestamp": 1_732_150_000, "action": .string(action),
            "required_params": ["time": "1", "image_type": "light"], "optional_params": ["count": "1", "filter": "Lum"],
        ]
    }

    /// A project as the UI's project form posts it to `new-project` (projects.md §2.2), scheduled with `events`.
    static func project(_ name: String, createdAt: String, userID: String, events: [String]) throws -> JSONValue {
        var project = try JSONValue.parse("""
            {"origin": "PTR", "project_note": "", "project_priority": "standard",
             "project_creator": {"username": "jdoe", "user_id": "\(userID)"},
             "project_constraints": {"project_is_active": true, "generic_instrument": "Main Camera", "ra_offset": 0, "ra_offset_units": "deg",
               "dec_offset": 0, "dec_offset_units": "deg", "max_airmass": 2, "lunar_dist_min": 30, "lunar_phase_max": 60,
               "expiry_date": "2031-03-08T04:00:00.000Z", "start_date": "2031-03-01T04:00:00.000Z", "smart_stack": true, "defocus": 0},
             "project_targets": [{"name": "M 42", "ra": 5.5881, "dec": -5.3911}], "project_sites": ["mrc1"],
             "exposures": [{"count": 3, "imtype": "light", "exposure": 30, "repeat": 0, "filter": "Lum", "zoom": "Full",
                            "bin": "optimal", "width": "0.0", "height": "0.0", "angle": 0}],
             "remaining": [3], "project_data": [[]],
             "start_date": "2031-03-01T04:00:00+00:00", "expiry_date": "2031-03-08T04:00:00+00:00"}
            """).objectValue!
        project["project_name"] = .string(name)
        project["created_at"] = .string(createdAt)
        project["user_id"] = .string(userID)
        project["scheduled_with_events"] = .array(events.map(JSONValue.string))
        return .object(project)
    }
}

/// A UTC instant the way the services write and compare times (`YYYY-MM-DDTHH:MM:SSZ`).
func utc(_ date: Date) -> String {
    ISO8601DateFormatter().string(from: date)
}
