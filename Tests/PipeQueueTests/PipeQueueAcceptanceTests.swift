import Foundation
import HTTPTypes
import PTRCore
import PTRTesting
import Testing

/// spec/pipe-queue.md §6: the original end-to-end script (1–12) and the additional cases (13–32),
/// sent the way the real clients send them (raw JSON, no Content-Type, under `/api`).
@Suite struct PipeQueueAcceptanceTests {
    @Test("original end-to-end script", arguments: TestBackend.enabled)
    func originalScript(backend: TestBackend) async throws {
        try await withPipeQueue(backend) { client in
            let queue = uniqueName("test-queue"), pipe = uniqueName("test-pipe")
            let created = try await client.send(.post, "/api/pipe/queue", body: #"{"queue_name": "\#(queue)"}"#)
            #expect(created.status == .ok)
            #expect(try created.json() == ["message": .string("Queue created: \(queue)")])

            let queues = try await client.send(.get, "/api/pipe/queues")
            #expect(queues.status == .ok)
            #expect(try queues.json()[queue] != nil)

            let enqueued = try await client.send(.post, "/api/pipe/enqueue", body: """
                {"queue_name": "\(queue)", "payload": {"image_path": "s3://bucket/test-image-1.fits", "process_type": "test"}, "sender": "test-script"}
                """)
            #expect(enqueued.status == .ok)
            #expect(try enqueued.json()["payload"]?["process_type"] == "test")

            let peeked = try await client.send(.get, "/api/pipe/queue/\(queue)?limit=5")
            #expect(peeked.status == .ok)
            #expect(try peeked.json().arrayValue?.count == 1)

            let dequeued = try await client.send(.post, "/api/pipe/queue/\(queue)/dequeue")
            #expect(dequeued.status == .ok)
            #expect(try dequeued.json()["sender"] == "test-script")
            #expect(try await client.send(.post, "/api/pipe/queue/\(queue)/dequeue").status == .notFound)

            let status = try await client.send(.post, "/api/pipe/status", body: """
                {"pipe_id": "\(pipe)", "status": "online", "details": {"cpu_usage": "25%", "memory_usage": "1.2GB", "test_id": 1741510000}}
                """)
            #expect(status.status == .ok)
            let fetched = try await client.send(.get, "/api/pipe/status/\(pipe)")
            #expect(fetched.status == .ok)
            #expect(try fetched.json()["status"] == "online")
            #expect(try fetched.json()["details"]?["test_id"] == 1_741_510_000)

            let all = try await client.send(.get, "/api/pipe/statuses")
            #expect(try all.json().arrayValue?.contains { $0["pipe_id"] == .string(pipe) } == true)

            let deletedStatus = try await client.send(.delete, "/api/pipe/status/\(pipe)")
            #expect(deletedStatus.status == .ok)
            #expect(try deletedStatus.json() == ["message": .string("Status deleted for PIPE: \(pipe)")])
            let deletedQueue = try await client.send(.delete, "/api/pipe/queue/\(queue)")
            #expect(deletedQueue.status == .ok)
            #expect(try deletedQueue.json() == ["message": .string("Queue deleted: \(queue)")])

            // Cleanup repeats both deletes.
            let again = try await client.send(.delete, "/api/pipe/queue/\(queue)")
            #expect(again.status == .notFound)
            #expect(again.text == "Queue does not exist: \(queue)")
            #expect(try await client.send(.delete, "/api/pipe/status/\(pipe)").status == .ok)
        }
    }

    @Test("create: missing name, empty name, unparsable body, twice", arguments: TestBackend.enabled)
    func createQueue(backend: TestBackend) async throws {
        try await withPipeQueue(backend) { client in
            for body in ["{}", #"{"queue_name": ""}"#, "not json", #"{"queue_name": null}"#, #"{"queue_name": 0}"#, #"{"queue_name": false}"#, ""] {
                let reply = try await client.send(.post, "/api/pipe/queue", body: body)
                #expect(reply.status == .badRequest, "body \(body)")
                #expect(reply.text == "Missing required field: queue_name")
            }
            #expect(try await client.send(.post, "/api/pipe/queue", body: #"{"queue_name": "q1"}"#).status == .ok)
            let second = try await client.send(.post, "/api/pipe/queue", body: #"{"queue_name": "q1"}"#)
            #expect(second.status == .conflict)
            #expect(second.text == "Queue already exists: q1")
        }
    }

    @Test("enqueue: missing queue, defaults, id and created_at", arguments: TestBackend.enabled)
    func enqueue(backend: TestBackend) async throws {
        try await withPipeQueue(backend) { client in
            let missing = try await client.send(.post, "/api/pipe/enqueue", body: #"{"queue_name": "nosuch"}"#)
            #expect(missing.status == .notFound)
            #expect(missing.text == "Queue does not exist: nosuch")
            #expect(try await client.send(.post, "/api/pipe/enqueue", body: #"{"payload": {}}"#).text == "Missing required field: queue_name")

            _ = try await client.send(.post, "/api/pipe/queue", body: #"{"queue_name": "q"}"#)
            let before = unixMilliseconds()
            let reply = try await client.send(.post, "/api/pipe/enqueue", body: #"{"queue_name": "q"}"#)
            #expect(reply.status == .ok)
            let item = try reply.json()
            #expect(item["payload"] == [:])
            #expect(item["sender"] == "unknown")
            #expect(item["queue_name"] == "q")
            let id = try #require(item["id"]?.stringValue)
            #expect(id.wholeMatch(of: /[0-9]{13}_[0-9a-f]{8}/) != nil)
            let createdAt = try #require(item["created_at"]?.integerValue)
            #expect(abs(createdAt - before) < 1000)
            #expect(createdAt >= Int64(id.prefix(13))!)

            // An explicit null payload is kept as null.
            let nullPayload = try await client.send(.post, "/api/pipe/enqueue", body: #"{"queue_name": "q", "payload": null}"#)
            #expect(try nullPayload.json()["payload"] == .null)
        }
    }

    @Test("FIFO peek and dequeue, default peek limit", arguments: TestBackend.enabled)
    func fifo(backend: TestBackend) async throws {
        try await withPipeQueue(backend) { client in
            _ = try await client.send(.post, "/api/pipe/queue", body: #"{"queue_name": "Q"}"#)
            for n in 1...3 {
                _ = try await client.send(.post, "/api/pipe/enqueue", body: #"{"queue_name": "Q", "payload": {"n": \#(n)}}"#)
            }
            let all = try await client.send(.get, "/api/pipe/queue/Q").json()
            #expect(all.arrayValue?.map { $0["payload"]?["n"] } == [1, 2, 3])
            #expect(try await client.send(.post, "/api/pipe/queue/Q/dequeue").json()["payload"] == ["n": 1])
            #expect(try await client.send(.get, "/api/pipe/queue/Q?limit=1").json().arrayValue?.map { $0["payload"] } == [["n": 2]])
            #expect(try await client.send(.post, "/api/pipe/queue/Q/dequeue").json()["payload"] == ["n": 2])
            #expect(try await client.send(.post, "/api/pipe/queue/Q/dequeue").json()["payload"] == ["n": 3])
            let empty = try await client.send(.post, "/api/pipe/queue/Q/dequeue")
            #expect(empty.status == .notFound)
            #expect(empty.text == "Queue is empty: Q")

            for n in 1...12 {
                _ = try await client.send(.post, "/api/pipe/enqueue", body: #"{"queue_name": "Q", "payload": {"n": \#(n)}}"#)
            }
            let page = try await client.send(.get, "/api/pipe/queue/Q").json()
            #expect(page.arrayValue?.map { $0["payload"]?["n"] } == (1...10).map { .integer(Int64($0)) })
        }
    }

    @Test("never-created queue, bad limits", arguments: TestBackend.enabled)
    func missingQueueAndLimits(backend: TestBackend) async throws {
        try await withPipeQueue(backend) { client in
            for (method, path) in [(HTTPRequest.Method.get, "/api/pipe/queue/Q"), (.post, "/api/pipe/queue/Q/dequeue"), (.delete, "/api/pipe/queue/Q")] {
                let reply = try await client.send(method, path)
                #expect(reply.status == .notFound)
                #expect(reply.text == "Queue does not exist: Q")
            }
            _ = try await client.send(.post, "/api/pipe/queue", body: #"{"queue_name": "Q"}"#)
            for limit in ["abc", "0", "-3", "1.5", ""] {
                let reply = try await client.send(.get, "/api/pipe/queue/Q?limit=\(limit)")
                #expect(reply.status == .badRequest, "limit \(limit)")
                #expect(reply.text == "Invalid limit: expected a whole number of at least 1")
            }
        }
    }

    @Test("numbers round-trip by the Decimal rule; non-object payloads kept", arguments: TestBackend.enabled)
    func payloadFidelity(backend: TestBackend) async throws {
        try await withPipeQueue(backend) { client in
            _ = try await client.send(.post, "/api/pipe/queue", body: #"{"queue_name": "Q"}"#)
            let echo = try await client.send(.post, "/api/pipe/enqueue", body: #"{"queue_name": "Q", "payload": {"a": 1.0, "b": 2.5, "c": 3}}"#)
            #expect(echo.text.contains(#""payload":{"a":1,"b":2.5,"c":3}"#))
            _ = try await client.send(.post, "/api/pipe/enqueue", body: #"{"queue_name": "Q", "payload": [1, 2]}"#)
            _ = try await client.send(.post, "/api/pipe/enqueue", body: #"{"queue_name": "Q", "payload": "x", "sender": {"site": "lcs1"}}"#)
            // The observatory's real payload, with the trailing commas of its token file kept verbatim.
            _ = try await client.send(.post, "/api/pipe/enqueue", body: """
                {"queue_name": "Q", "payload": {"request": "EVA_process_files", "request_content": ["lcs1-a-EX00.fits,", "lcs1-b-EX00.fits"]}, "sender": "lcs1"}
                """, headers: [.contentType: "application/json"])

            let first = try await client.send(.post, "/api/pipe/queue/Q/dequeue")
            #expect(first.text.contains(#""payload":{"a":1,"b":2.5,"c":3}"#))
            #expect(try await client.send(.post, "/api/pipe/queue/Q/dequeue").json()["payload"] == [1, 2])
            let third = try await client.send(.post, "/api/pipe/queue/Q/dequeue").json()
            #expect(third["payload"] == "x")
            #expect(third["sender"] == ["site": "lcs1"])
            let fourth = try await client.send(.post, "/api/pipe/queue/Q/dequeue").json()
            #expect(fourth["payload"]?["request_content"] == ["lcs1-a-EX00.fits,", "lcs1-b-EX00.fits"])
        }
    }

    @Test("queue listing counts items; delete removes them", arguments: TestBackend.enabled)
    func countsAndDelete(backend: TestBackend) async throws {
        try await withPipeQueue(backend) { client in
            _ = try await client.send(.post, "/api/pipe/queue", body: #"{"queue_name": "Q"}"#)
            _ = try await client.send(.post, "/api/pipe/queue", body: #"{"queue_name": "R"}"#)
            #expect(try await client.send(.get, "/api/pipe/queues").json() == ["Q": 0, "R": 0])
            for _ in 0..<2 { _ = try await client.send(.post, "/api/pipe/enqueue", body: #"{"queue_name": "Q"}"#) }
            #expect(try await client.send(.get, "/api/pipe/queues").json() == ["Q": 2, "R": 0])

            #expect(try await client.send(.delete, "/api/pipe/queue/Q").status == .ok)
            #expect(try await client.send(.get, "/api/pipe/queues").json() == ["R": 0])
            _ = try await client.send(.post, "/api/pipe/queue", body: #"{"queue_name": "Q"}"#)
            #expect(try await client.send(.get, "/api/pipe/queue/Q").json() == [])
        }
    }

    @Test("ten concurrent dequeues of one item: exactly one gets it", arguments: TestBackend.enabled)
    func concurrentDequeueOfOne(backend: TestBackend) async throws {
        try await withPipeQueue(backend) { client in
            _ = try await client.send(.post, "/api/pipe/queue", body: #"{"queue_name": "Q"}"#)
            _ = try await client.send(.post, "/api/pipe/enqueue", body: #"{"queue_name": "Q"}"#)
            let replies = try await withThrowingTaskGroup(of: TestReply.self) { group in
                for _ in 0..<10 { group.addTask { try await client.send(.post, "/api/pipe/queue/Q/dequeue") } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.filter { $0.status == .ok }.count == 1)
            #expect(replies.filter { $0.status == .notFound && $0.text == "Queue is empty: Q" }.count == 9)
        }
    }

    @Test("statuses: required fields, replace, unknown machine", arguments: TestBackend.enabled)
    func statuses(backend: TestBackend) async throws {
        try await withPipeQueue(backend) { client in
            for body in [#"{"pipe_id": "p1"}"#, #"{"status": "online"}"#, #"{"pipe_id": "p1", "status": ""}"#, "garbage"] {
                let reply = try await client.send(.post, "/api/pipe/status", body: body)
                #expect(reply.status == .badRequest)
                #expect(reply.text == "Missing required fields: pipe_id and status")
            }
            let first = try await client.send(.post, "/api/pipe/status", body: #"{"pipe_id": "p1", "status": "online", "details": {"a": 1}}"#).json()
            #expect(first["details"] == ["a": 1])
            let second = try await client.send(.post, "/api/pipe/status", body: #"{"pipe_id": "p1", "status": "offline", "details": {"b": 2}}"#).json()
            let stored = try await client.send(.get, "/api/pipe/status/p1").json()
            #expect(stored["details"] == ["b": 2])
            #expect(stored["status"] == "offline")
            #expect(try #require(stored["last_updated"]?.integerValue) >= first["last_updated"]!.integerValue!)
            #expect(stored == second)
            #expect(try await client.send(.post, "/api/pipe/status", body: #"{"pipe_id": "p2", "status": "online"}"#).json()["details"] == [:])

            let unknown = try await client.send(.get, "/api/pipe/status/unknown-pipe")
            #expect(unknown.status == .notFound)
            #expect(unknown.text == "PIPE machine not found: unknown-pipe")
            let deleted = try await client.send(.delete, "/api/pipe/status/unknown-pipe")
            #expect(deleted.status == .ok)
            #expect(try deleted.json() == ["message": "Status deleted for PIPE: unknown-pipe"])
        }
    }

    @Test("CORS on every answer, bare text unquoted, unknown routes 403", arguments: TestBackend.enabled)
    func gatewayConventions(backend: TestBackend) async throws {
        try await withPipeQueue(backend) { client in
            let empty = try await client.send(.post, "/api/pipe/queue/nosuch/dequeue")
            #expect(empty.text == "Queue does not exist: nosuch")
            #expect(empty["Content-Type"] == "application/json")
            for reply in [empty, try await client.send(.get, "/api/pipe/queues"), try await client.send(.post, "/api/pipe/queue", body: "{}")] {
                #expect(reply["Access-Control-Allow-Origin"] == "*")
                #expect(reply["Access-Control-Allow-Credentials"] == "true")
            }
            for (method, path) in [(HTTPRequest.Method.get, "/api/pipe/queue"), (.put, "/api/pipe/queue"), (.get, "/api/pipe/status"), (.get, "/api/pipe/nothing")] {
                let reply = try await client.send(method, path)
                #expect(reply.status == .forbidden, "\(method) \(path)")
                #expect(try reply.json() == ["message": "Missing Authentication Token"])
                #expect(reply["Access-Control-Allow-Origin"] == "*")
            }
            // The same routes without a prefix, under /dev and /test, with doubled and trailing slashes.
            for path in ["/pipe/queues", "/dev/pipe/queues", "/test/pipe/queues/", "/api//pipe//queues/"] {
                #expect(try await client.send(.get, path).status == .ok, "\(path)")
            }
        }
    }
}

@Suite struct PipeQueueOpenAPITests {
    @Test func documentDescribesEveryRouteAndIsValid() async throws {
        try await withPipeQueue(.sqlite) { client in
            let text = try await client.send(.get, "/api/openapi.json").text
            try await OpenAPIValidator.validate(text)
            let paths = try #require(try JSONValue.parse(text)["paths"]?.objectValue)
            for path in ["/pipe/queue", "/pipe/enqueue", "/pipe/queue/{queue_name}", "/pipe/queue/{queue_name}/dequeue", "/pipe/queues",
                         "/pipe/status", "/pipe/status/{pipe_id}", "/pipe/statuses", "/health", "/ready", "/metrics", "/openapi.json"] {
                #expect(paths[path] != nil, "\(path)")
            }
            #expect(paths["/pipe/queue/{queue_name}"]?["delete"] != nil)
        }
    }
}
