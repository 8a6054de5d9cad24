import Foundation
import PTRCore
import PTROutbound
import PTRTesting
import Testing

/// Issues 3, 5 and 14: `ptr-calendar` and `ptr-projects` pointing at each other — delete-project detaches
/// the project from its reservations (projects.md §3.8, calendar.md §3.10), and the LCO import creates
/// projects through the real projects service (calendar.md §5.5) that the observatory accepts.
@Suite struct ProjectsCalendarIntegrationTests {
    @Test("a project attached to a reservation, then deleted through projects, is gone from the reservation")
    func deleteDetachesFromReservation() async throws {
        try await ServiceCluster.with { cluster in
            let (calendar, projects) = try await Self.start(cluster)
            let owner = "google-oauth2|owner", token = try await TestAuth.token(sub: owner)
            let eventID = UUID().uuidString.lowercased(), start = "2031-03-01T04:00:00Z"
            let reservation = ClientBodies.reservation(eventID, site: "mrc1", start: start, end: "2031-03-01T06:00:00Z", creator: owner)
            #expect(try await calendar.ui("/calendar/newevent", reservation, token: token).status == 200)

            let name = "M42 LRGB", createdAt = "2025-03-01T04:00:00Z", projectID = "M42 LRGB#2025-03-01T04:00:00Z"
            let created = try await projects.ui("/projects/new-project", try ClientBodies.project(name, createdAt: createdAt, userID: owner, events: [eventID]))
            #expect(created.status == 200, "new-project: \(created.text)")
            let attached = try await calendar.ui("/calendar/add-projects-to-events",
                                                 ["project_id": .string(projectID), "events": [["event_id": .string(eventID), "start": .string(start)]]])
            #expect(try attached.json().arrayValue?.map { $0["updated"] } == [true])

            // The calendar shows the project, fetched from the projects service.
            let before = try await Self.siteEvents(calendar, "mrc1", from: "2031-03-01T00:00:00Z", to: "2031-03-02T00:00:00Z")
            #expect(before.map { $0["project_id"] } == [.string(projectID)])
            #expect(before.first?["project"]?["project_name"] == .string(name))

            let deleted = try await projects.ui("/projects/delete-project", ["project_name": .string(name), "created_at": .string(createdAt)], token: token)
            #expect(deleted.status == 200, "delete-project: \(deleted.text)")
            #expect(try await Self.project(projects, name, createdAt).status == 404)

            let after = try await Self.siteEvents(calendar, "mrc1", from: "2031-03-01T00:00:00Z", to: "2031-03-02T00:00:00Z")
            #expect(after.map { $0["project_id"] } == ["none"])
            #expect(after.first?["project"] == nil)
            let now = try await calendar.observatory("/calendar/get-event-at-time", #"{"site": "mrc1", "time": "2031-03-01T05:00:00Z"}"#)
            #expect(try now.json().arrayValue?.map { $0["project_id"] } == ["none"])
        }
    }

    @Test("delete-project detaches every reservation naming the project, listed in it or not, and no other project's")
    func deleteDetachesByProjectID() async throws {
        try await ServiceCluster.with { cluster in
            let (calendar, projects) = try await Self.start(cluster)
            let owner = "google-oauth2|owner", token = try await TestAuth.token(sub: owner)
            let day = "2031-04-01", ids = (1...5).map { "e\($0)-" + UUID().uuidString.lowercased() }
            let starts = (1...5).map { "\(day)T0\($0):00:00Z" }
            for (id, start) in zip(ids, starts) {
                let end = start.replacingOccurrences(of: ":00:00Z", with: ":30:00Z")
                let reply = try await calendar.ui("/calendar/newevent", ClientBodies.reservation(id, site: "mrc1", start: start, end: end, creator: owner), token: token)
                #expect(reply.status == 200, "newevent: \(reply.text)")
            }
            // P lists e1 and e3; Q, its clone, lists e3 and e4; R lists nothing. Through the calendar,
            // P is attached to e1 and e2, Q to e3 and e4, R to e5.
            let p = (name: "Orion", createdAt: "2025-04-01T00:00:00Z", events: [ids[0], ids[2]], attached: [0, 1])
            let q = (name: "Orion copy", createdAt: "2025-04-02T00:00:00Z", events: [ids[2], ids[3]], attached: [2, 3])
            let r = (name: "Rosette", createdAt: "2025-04-03T00:00:00Z", events: [String](), attached: [4])
            for project in [p, q, r] {
                let created = try await projects.ui("/projects/new-project", try ClientBodies.project(project.name, createdAt: project.createdAt, userID: owner, events: project.events))
                #expect(created.status == 200, "new-project: \(created.text)")
                let events: [JSONValue] = project.attached.map { ["event_id": .string(ids[$0]), "start": .string(starts[$0])] }
                let attached = try await calendar.ui("/calendar/add-projects-to-events", ["project_id": .string("\(project.name)#\(project.createdAt)"), "events": .array(events)])
                #expect(try attached.json().arrayValue?.map { $0["updated"] } == events.map { _ -> JSONValue? in true })
            }
            let qID: JSONValue = .string("\(q.name)#\(q.createdAt)")

            for project in [p, r] {
                let deleted = try await projects.ui("/projects/delete-project", ["project_name": .string(project.name), "created_at": .string(project.createdAt)], token: token)
                #expect(deleted.status == 200, "delete-project: \(deleted.text)")
            }
            let after = try await Self.siteEvents(calendar, "mrc1", from: "\(day)T00:00:00Z", to: "\(day)T23:59:59Z")
            #expect(after.map { $0["project_id"] } == ["none", "none", qID, qID, "none"])

            // With the calendar down, the delete still succeeds (its reservations keep pointing at it).
            await calendar.process.stop()
            let deleted = try await projects.ui("/projects/delete-project", ["project_name": .string(q.name), "created_at": .string(q.createdAt)], token: token)
            #expect(deleted.status == 200, "delete-project: \(deleted.text)")
            #expect(try await Self.project(projects, q.name, q.createdAt).status == 404)
        }
    }

    @Test("the LCO import creates projects that ptr-projects returns and the observatory's validation accepts")
    func lcoImportCreatesValidProjects() async throws {
        try await FakeLCOSiteProxy.with { lcoURL in
            try await ServiceCluster.with { cluster in
                let (calendar, projects) = try await Self.start(cluster, calendarEnvironment: [
                    "PTR_LCO_URL": lcoURL, "PTR_LCO_TOKEN": FakeLCOSiteProxy.token, "PTR_LCO_IMPORT_INTERVAL_S": "0",
                ])
                let report = try await calendar.get("/calendar/import-schedules")
                #expect(report.status == 200)
                let messages = try report.json()
                #expect(messages["mrc1"] == "Updated schedule for mrc1 with 1 observations", "\(report.text)")
                #expect(messages["mrc2"] == "Updated schedule for mrc2 with 1 observations", "\(report.text)")

                // The fixture's PENDING observations (calendar.md §5.3: created_at = trunc(o.created)).
                for (name, createdAt, subsite) in [("M31 LRGB", "2030-06-12T17:45:03Z", "mrc1"), ("SN 2030xyz follow-up", "2030-06-15T01:02:09Z", "mrc2")] {
                    let reply = try await Self.project(projects, name, createdAt)
                    #expect(reply.status == 200, "\(name): \(reply.text)")
                    #expect(try ObservatoryValidator.problems(reply.text) == [], "\(name): \(reply.text)")
                    let project = try reply.json()
                    #expect(project["origin"] == "LCO")
                    #expect(project["project_sites"] == [.string(subsite)])

                    // Its reservation points at it, and the calendar finds it through the projects service.
                    let events = try await Self.siteEvents(calendar, subsite, from: "2030-06-14T00:00:00Z", to: "2030-06-16T00:00:00Z")
                    #expect(events.map { $0["project_id"] } == [.string("\(name)#\(createdAt)")])
                    #expect(events.first?["project"]?["project_name"] == .string(name))
                    #expect(project["scheduled_with_events"] == events.first.flatMap { $0["event_id"] }.map { [$0] })
                }
                let m31 = try await Self.project(projects, "M31 LRGB", "2030-06-12T17:45:03Z").json()
                #expect(m31["remaining"] == [3, 2])
                #expect(m31["project_targets"]?.arrayValue?.first?["ra"] == .double(0.7123138666666667))
            }
        }
    }

    /// Both binaries on free ports, each pointing at the other (`PTR_PROJECTS_URL`, `PTR_CALENDAR_URL`).
    static func start(_ cluster: ServiceCluster, calendarEnvironment: [String: String] = [:])
        async throws -> (calendar: ServiceCluster.Service, projects: ServiceCluster.Service)
    {
        let ports = try ServiceProcess.freePorts(2)
        let calendar = try await cluster.start("ptr-calendar", port: ports[0], environment: TestAuth.environment.merging(
            ["PTR_PROJECTS_URL": "http://127.0.0.1:\(ports[1])"].merging(calendarEnvironment) { _, new in new }) { _, new in new })
        let projects = try await cluster.start("ptr-projects", port: ports[1], environment: TestAuth.environment.merging(
            ["PTR_CALENDAR_URL": calendar.base]) { _, new in new })
        return (calendar, projects)
    }

    /// The observatory's `get-project`.
    static func project(_ projects: ServiceCluster.Service, _ name: String, _ createdAt: String) async throws -> OutboundResponse {
        try await projects.observatory("/projects/get-project", JSONValue.object(["project_name": .string(name), "created_at": .string(createdAt)]).jsonText)
    }

    /// `siteevents` with `full_project_details` (the calendar asks the projects service for each project).
    static func siteEvents(_ calendar: ServiceCluster.Service, _ site: String, from start: String, to end: String) async throws -> [JSONValue] {
        let reply = try await calendar.observatory("/calendar/siteevents",
                                                   #"{"site": "\#(site)", "start": "\#(start)", "end": "\#(end)", "full_project_details": true}"#)
        guard reply.status == 200, let events = try reply.json().arrayValue else { throw ServiceProcess.Failure("siteevents: \(reply.status) \(reply.text)") }
        return events
    }
}
