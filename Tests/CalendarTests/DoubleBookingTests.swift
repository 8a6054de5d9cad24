import Foundation
import HummingbirdTesting
import PTRCore
import PTRTesting
import Testing

@testable import Calendar

/// Double booking is impossible (§3.1.1): of concurrent overlapping reservations by different
/// users, over two app instances (two pools, as replicas) on one database, exactly one wins.
@Suite struct DoubleBookingTests {
    static let requestCount = 24

    @Test("24 concurrent overlapping newevents by different users on 2 instances → one 200, the rest 409", arguments: TestBackend.enabled)
    func concurrentNewEvents(backend: TestBackend) async throws {
        try await withTwoCalendars(backend) { first, second in
            for round in 0..<3 {
                let statuses = try await Self.race(round: round, instances: [first, second])
                #expect(statuses.filter { $0 == 200 }.count == 1, "round \(round): \(statuses)")
                #expect(statuses.filter { $0 == 409 }.count == Self.requestCount - 1, "round \(round): \(statuses)")
                let stored = try await first.siteEvents("mrc1", from: t("00:00", day: round + 1), to: t("23:59", day: round + 1))
                #expect(stored.count == 1)
            }
        }
    }

    /// Every user asks for a different, overlapping slot on day `round + 1` at the same instant.
    static func race(round: Int, instances: [any TestClientProtocol]) async throws -> [Int] {
        let headers = try await (0..<requestCount).asyncMap { try await TestAuth.bearer(sub: "auth0|racer\($0)") }
        return try await withThrowingTaskGroup(of: Int.self) { group in
            for n in 0..<requestCount {
                group.addTask {
                    let start = String(format: "2025-03-0%dT04:%02d:00Z", round + 1, n)
                    let end = String(format: "2025-03-0%dT05:%02d:00Z", round + 1, n)
                    let event = ev("race\(round)-\(n)", start, end, "mrc1", nil)
                    return Int(try await instances[n % instances.count].sendJSON(.post, "/calendar/newevent", event, headers: headers[n]).status.code)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test("concurrent modifyevents moving onto one slot → one wins", arguments: TestBackend.enabled)
    func concurrentMoves(backend: TestBackend) async throws {
        try await withTwoCalendars(backend) { first, second in
            let count = 16
            let headers = try await (0..<count).asyncMap { try await TestAuth.bearer(sub: "auth0|mover\($0)") }
            for n in 0..<count {
                let day = String(format: "2025-04-%02d", n + 1)
                let reply = try await first.sendJSON(.post, "/calendar/newevent", ev("m\(n)", "\(day)T04:00:00Z", "\(day)T05:00:00Z", "mrc1", nil), headers: headers[n])
                #expect(reply.status == .ok)
            }
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for n in 0..<count {
                    group.addTask {
                        let day = String(format: "2025-04-%02d", n + 1)
                        let body: JSONValue = ["originalEvent": ["event_id": .string("m\(n)"), "start": .string("\(day)T04:00:00Z")],
                                               "modifiedEvent": ev("m\(n)", "2025-05-01T04:00:00Z", "2025-05-01T05:00:00Z", "mrc1", nil)]
                        let client = [first, second][n % 2] as any TestClientProtocol
                        return Int(try await client.sendJSON(.post, "/calendar/modifyevent", body, headers: headers[n]).status.code)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 200 }.count == 1, "\(statuses)")
            #expect(statuses.filter { $0 == 409 }.count == count - 1, "\(statuses)")
            #expect(try await first.siteEvents("mrc1", from: "2025-04-01T00:00:00Z", to: "2025-06-01T00:00:00Z").count == count)
        }
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
