import PTRTesting
import Foundation
import PTRCore
import PTROutbound
import Testing

/// Issue 4: `ptr-jobs` checks reservations against a real `ptr-calendar` (jobs.md §3.1), both
/// trusting one development signing key.
@Suite struct JobsCalendarIntegrationTests {
    static let blocked = "Someone else has a reservation right now. Please see the calendar for details."
    static let unavailable = "Unable to check the calendar for current reservations. Please try again."

    @Test("the reservation holder and admins command, others get 401; with the calendar stopped, 503 and nothing queued")
    func reservationCheck() async throws {
        try await ServiceCluster.with { cluster in
            let ports = try ServiceProcess.freePorts(2)
            let calendar = try await cluster.start("ptr-calendar", port: ports[0], environment: TestAuth.environment)
            let jobs = try await cluster.start("ptr-jobs", port: ports[1],
                                               environment: TestAuth.environment.merging(["PTR_CALENDAR_URL": calendar.base]) { _, new in new })
            let site = "mrc1", holder = "google-oauth2|holder", other = "google-oauth2|other"
            let holderToken = try await TestAuth.token(sub: holder)
            let now = Date()
            let reservation = ClientBodies.reservation(UUID().uuidString.lowercased(), site: site, start: utc(now.addingTimeInterval(-3600)),
                                                       end: utc(now.addingTimeInterval(3600)), creator: holder)
            let reserved = try await calendar.ui("/calendar/newevent", reservation, token: holderToken)
            #expect(reserved.status == 200, "newevent: \(reserved.text)")

            // The holder of the current reservation commands; the observatory receives the job once.
            let own = try await jobs.ui("/jobs/newjob", ClientBodies.expose(site: site, userID: holder), token: holderToken)
            #expect(own.status == 200, "newjob: \(own.text)")
            let ownULID = try #require(try own.json()["ulid"]?.stringValue)
            #expect(try await Self.poll(jobs, site) == [ownULID])
            #expect(try await Self.poll(jobs, site) == [])

            // Someone else, without a reservation, is blocked.
            let stranger = try await jobs.ui("/jobs/newjob", ClientBodies.expose(site: site, userID: other), token: try await TestAuth.token(sub: other))
            #expect(stranger.status == 401)
            #expect(stranger.text == Self.blocked)
            #expect(try await Self.poll(jobs, site) == [])

            // An admin needs no reservation.
            let admin = try await jobs.ui("/jobs/newjob", ClientBodies.expose(site: site, userID: other),
                                          token: try await TestAuth.token(sub: other, roles: ["admin"]))
            #expect(admin.status == 200, "admin newjob: \(admin.text)")
            let adminULID = try #require(try admin.json()["ulid"]?.stringValue)
            #expect(try await Self.poll(jobs, site) == [adminULID])

            // The calendar stops: non-admins get 503, and nothing is queued or purged.
            await calendar.process.stop()
            let refused = try await jobs.ui("/jobs/newjob", ClientBodies.expose(site: site, userID: holder), token: holderToken)
            #expect(refused.status == 503)
            #expect(refused.text == Self.unavailable)
            let cancel = try await jobs.ui("/jobs/newjob", ClientBodies.expose(site: site, userID: holder, action: "cancel_all_commands"), token: holderToken)
            #expect(cancel.status == 503)
            #expect(try await Self.poll(jobs, site) == [])
            let recent = try await jobs.observatory("/jobs/getrecentjobs", #"{"site": "\#(site)"}"#)
            #expect(Set(try recent.json().arrayValue?.compactMap { $0["ulid"]?.stringValue } ?? []) == [ownULID, adminULID])
        }
    }

    /// The observatory's poll (`getnewjobs`, a raw body): the ulids it receives.
    static func poll(_ jobs: ServiceCluster.Service, _ site: String) async throws -> [String] {
        let reply = try await jobs.observatory("/jobs/getnewjobs", #"{"site": "\#(site)"}"#)
        guard reply.status == 200, let list = try reply.json().arrayValue else {
            throw ServiceProcess.Failure("getnewjobs: \(reply.status) \(reply.text)")
        }
        return list.compactMap { $0["ulid"]?.stringValue }
    }
}
