import Foundation
import HummingbirdTesting
import PTRCore
import PTRTesting
import Testing

@testable import Projects

/// spec/projects.md §5.1: read-modify-writes lose nothing with two app instances (each its own
/// pool, as replicas are) on one database, and a rename is never seen half done.
@Suite struct ProjectsConcurrencyTests {
    static let created = "2025-03-01T00:00:00Z"

    /// Runs `body` with two projects apps on one fresh database.
    static func withTwoInstances(_ backend: TestBackend, _ body: @escaping @Sendable ([any TestClientProtocol]) async throws -> Void) async throws {
        try await TestDatabase.with(backend) { database in
            let configuration = try database.configuration(.projects, extra: TestAuth.environment)
            let (app1, app2) = (try await buildApplication(configuration), try await buildApplication(configuration))
            try await app1.test(.router) { first in
                try await app2.test(.router) { second in try await body([first, second]) }
            }
        }
    }

    @Test("32 concurrent add-project-data on one project across 2 instances: all recorded, remaining exact", arguments: TestBackend.enabled)
    func concurrentProgress(backend: TestBackend) async throws {
        try await Self.withTwoInstances(backend) { instances in
            let seeded = try await instances[0].obs("new-project", """
                {"project_name":"c","created_at":"\(Self.created)","user_id":"u","remaining":[40,"20"],"project_data":[[],[]],"scheduled_with_events":[]}
                """)
            #expect(seeded.status == .ok)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for n in 0..<32 {
                    group.addTask {
                        let body = #"{"project_name":"c","created_at":"\#(Self.created)","exposure_index":\#(n % 2),"base_filename":"f-\#(n)"}"#
                        return Int(try await instances[n % 2].obs("add-project-data", body).status.code)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 200, count: 32))
            let project = try await instances[1].project("c", Self.created).json()
            let data = project["project_data"]?.arrayValue ?? []
            #expect(Set(data.first?.arrayValue ?? []) == Set((0..<32).filter { $0 % 2 == 0 }.map { JSONValue.string("f-\($0)") }))
            #expect(Set(data.last?.arrayValue ?? []) == Set((0..<32).filter { $0 % 2 == 1 }.map { JSONValue.string("f-\($0)") }))
            #expect(data.map { $0.arrayValue?.count } == [16, 16])
            #expect(project["remaining"] == [24, 4])
        }
    }

    @Test("events and progress interleaved with a modify on another instance lose nothing", arguments: TestBackend.enabled)
    func progressAndModify(backend: TestBackend) async throws {
        try await Self.withTwoInstances(backend) { instances in
            var document = uiProject("m", Self.created, "u").objectValue!
            document["remaining"] = [100]
            #expect(try await instances[0].ui("new-project", .object(document)).status == .ok)
            var changes = document
            changes["project_note"] = "edited"
            let modify = JSONValue.object(["project_name": "m", "created_at": .string(Self.created), "project_changes": .object(changes)]).jsonText
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 0..<12 {
                    group.addTask {
                        let reply = try await instances[n % 2].obs("add-project-event", #"{"project_name":"m","created_at":"\#(Self.created)","event_id":"e\#(n)"}"#)
                        guard reply.status == .ok else { throw TestSetupError("add-project-event \(reply.status) \(reply.text)") }
                    }
                    group.addTask {
                        let reply = try await instances[(n + 1) % 2].obs("add-project-data", #"{"project_name":"m","created_at":"\#(Self.created)","exposure_index":0,"base_filename":"f\#(n)"}"#)
                        guard reply.status == .ok else { throw TestSetupError("add-project-data \(reply.status) \(reply.text)") }
                    }
                }
                try await group.waitForAll()
            }
            // modify replaces scheduled_with_events with the UI's list, but keeps the progress of the unchanged exposure.
            #expect(try await instances[1].obs("modify-project", modify).status == .ok)
            let after = try await instances[0].project("m", Self.created).json()
            #expect(after["project_note"] == "edited")
            #expect(after["project_data"]?.arrayValue?.first?.arrayValue?.count == 12)
            #expect(after["remaining"] == [88])
        }
    }

    @Test("a rename racing readers: every read shows the project under exactly one name", arguments: TestBackend.enabled)
    func renameNeverHalfDone(backend: TestBackend) async throws {
        try await Self.withTwoInstances(backend) { instances in
            #expect(try await instances[0].ui("new-project", uiProject("r0", Self.created, TestUser.a.sub)).status == .ok)
            let renames = 20
            let observed = try await withThrowingTaskGroup(of: [Int].self) { group in
                group.addTask {
                    var current = "r0"
                    for n in 1...renames {
                        let body: JSONValue = ["project_name": .string(current), "created_at": .string(Self.created),
                                               "project_changes": uiProject("r\(n)", "2030-01-01T00:00:00Z", TestUser.a.sub)]
                        let reply = try await instances[0].ui("modify-project", body)
                        guard try reply.json()["is_successful"] == true else { throw TestSetupError("rename \(n): \(reply.text)") }
                        current = "r\(n)"
                    }
                    return []
                }
                for reader in 0..<3 {
                    group.addTask {
                        var counts: [Int] = []
                        for _ in 0..<40 {
                            let all = try await instances[1].allProjects().count
                            let mine = try await instances[reader % 2].ui("get-user-projects", ["user_id": .string(TestUser.a.sub)]).json().arrayValue?.count ?? -1
                            counts += [all, mine]
                        }
                        return counts
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(observed.count == 240)
            #expect(observed.allSatisfy { $0 == 1 }, "never two projects or none")
            #expect(try await instances[1].allProjects().map { $0["project_name"] } == [.string("r\(renames)")])
        }
    }
}
