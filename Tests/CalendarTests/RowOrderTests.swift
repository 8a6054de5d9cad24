import Foundation
import HummingbirdTesting
import PTRCore
import PTRTesting
import Testing

@testable import Calendar

/// `modifyevent` and `add-projects-to-events` both take two rows of one event (§6.1). Taken in
/// opposite orders, PostgreSQL would find each waiting for the other and abort one (a 500);
/// both take them in key order, so every request of the race answers 200.
@Suite struct RowOrderTests {
    static let rounds = 20
    /// Events raced at once in each round, each by one move and one attach.
    static let eventsPerRound = 8

    @Test("add-projects-to-events racing modifyevent on the two rows of one event never deadlocks", arguments: TestBackend.enabled)
    func attachRacesMove(backend: TestBackend) async throws {
        try await withTwoCalendars(backend) { first, second in
            let owner = try await TestUser.a.bearer()
            for round in 0..<Self.rounds {
                let day = round % 9 + 1
                // Event `r{round}-{n}` at 01:00 (key A) and at 03:00 (key B), A before B in key order.
                for n in 0..<Self.eventsPerRound {
                    for start in ["01:00", "03:00"] {
                        let reply = try await first.newEvent(Self.event(round, n, start, day: day), as: .a)
                        #expect(reply.status == .ok, "\(reply.text)")
                    }
                }
                let statuses = try await withThrowingTaskGroup(of: (String, Int, String).self) { group in
                    for n in 0..<Self.eventsPerRound {
                        // Even events move A onto B and attach in the order B, A; odd ones the reverse:
                        // each request lists the rows in the order opposite to the other's.
                        let (from, to) = n % 2 == 0 ? ("01:00", "03:00") : ("03:00", "01:00")
                        let id = "r\(round)-\(n)"
                        group.addTask {
                            let body: JSONValue = ["originalEvent": ["event_id": .string(id), "start": .string(t(from, day: day))],
                                                   "modifiedEvent": Self.event(round, n, to, day: day)]
                            let reply = try await [first, second][n % 2].sendJSON(.post, "/calendar/modifyevent", body, headers: owner)
                            return ("modifyevent \(id)", Int(reply.status.code), reply.text)
                        }
                        group.addTask {
                            let body: JSONValue = ["project_id": .string("P\(round)#2025-01-01T00:00:00Z"), "events": [
                                ["event_id": .string(id), "start": .string(t(to, day: day))],
                                ["event_id": .string(id), "start": .string(t(from, day: day))],
                            ]]
                            let reply = try await [second, first][n % 2].sendJSON(.post, "/calendar/add-projects-to-events", body)
                            return ("add-projects-to-events \(id)", Int(reply.status.code), reply.text)
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                let failures = statuses.filter { $0.1 != 200 }
                #expect(failures.isEmpty, "round \(round): \(failures)")
                // Each event ends as one row, at its new start.
                let stored = try await first.siteEvents("mrc1", from: t("00:00", day: day), to: t("23:59", day: day))
                #expect(stored.filter { $0["event_id"]?.stringValue?.hasPrefix("r\(round)-") == true }.count == Self.eventsPerRound)
            }
        }
    }

    /// Event `r{round}-{n}` of user A, one hour from `start` on `day`.
    static func event(_ round: Int, _ n: Int, _ start: String, day: Int) -> JSONValue {
        let end = start == "01:00" ? "02:00" : "04:00"
        return ev("r\(round)-\(n)", t(start, day: day), t(end, day: day))
    }
}
