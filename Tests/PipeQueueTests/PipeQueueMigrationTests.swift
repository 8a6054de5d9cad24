import Foundation
import Logging
import PTRCore
import PTRStorage
import PTRTesting
import SQLKit
import Testing

@testable import PipeQueue

/// Items written by the first schema (payload and sender in columns of their own) come out of the
/// current one unchanged: an upgrade loses no waiting work.
@Suite struct PipeQueueMigrationTests {
    @Test("items waiting before the item-text migration are peeked and dequeued intact", arguments: TestBackend.enabled)
    func waitingItemsSurviveTheUpgrade(backend: TestBackend) async throws {
        try await TestDatabase.with(backend) { test in
            try await test.running { database in
                try await database.migrate(service: ServiceName.pipeQueue.rawValue, [PipeQueueStore.migrations[0]])
                try await database.withConnection { sql in
                    try await sql.raw("INSERT INTO pipe_queues (queue_name, created_at) VALUES ('old', 1)").run()
                    try await sql.raw("""
                        INSERT INTO pipe_queue_items (queue_name, id, payload, created_at, sender) VALUES
                        ('old', '1741510000000_0000000a', '{"files":["é 1.fits"],"n":2,"x":2.5}', 1741510000001, '"lcs1"'),
                        ('old', '1741510000002_0000000b', '{}', 1741510000003, '{"site":"mrc"}')
                        """).run()
                }
            }
            let app = try await buildApplication(try test.configuration(.pipeQueue))
            try await app.test(.router) { client in
                let peeked = try await client.send(.get, "/api/pipe/queue/old")
                #expect(peeked.status == .ok)
                // Compared as parsed values: parsing gives both sides the same key order.
                #expect(try peeked.json() == JSONValue.parse("""
                    [{"id": "1741510000000_0000000a", "queue_name": "old", "payload": {"files": ["é 1.fits"], "n": 2, "x": 2.5},
                      "created_at": 1741510000001, "sender": "lcs1"},
                     {"id": "1741510000002_0000000b", "queue_name": "old", "payload": {}, "created_at": 1741510000003,
                      "sender": {"site": "mrc"}}]
                    """), "\(peeked.text)")
                let first = try await client.send(.post, "/api/pipe/queue/old/dequeue")
                #expect(try first.json()["id"] == "1741510000000_0000000a")
                #expect(try first.json()["payload"]?["x"] == 2.5)
            }
        }
    }
}
