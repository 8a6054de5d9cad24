import Foundation
import HummingbirdTesting
import PTRCore
import PTRTesting
import Testing

@testable import PipeQueue

/// Dequeue hands each item to exactly one caller and loses none, with several app instances
/// (each its own connection pool, as replicas are) on one database.
@Suite struct PipeQueueConcurrencyTests {
    @Test("8 dequeuers on 3 instances drain items enqueued meanwhile: each exactly once", arguments: TestBackend.enabled)
    func exactlyOnceAcrossInstances(backend: TestBackend) async throws {
        let itemCount = backend == .postgres ? 2000 : 600
        try await TestDatabase.with(backend) { database in
            let configuration = try database.configuration(.pipeQueue)
            let (app1, app2, app3) = (try await buildApplication(configuration), try await buildApplication(configuration),
                                      try await buildApplication(configuration))
            try await app1.test(.router) { first in
                try await app2.test(.router) { second in
                    try await app3.test(.router) { third in
                        let instances: [any TestClientProtocol] = [first, second, third]
                        _ = try await first.send(.post, "/api/pipe/queue", body: #"{"queue_name": "work"}"#)
                        let (enqueued, dequeued) = try await Self.run(instances: instances, items: itemCount, dequeuers: 8)
                        #expect(enqueued.count == itemCount)
                        #expect(dequeued.count == itemCount, "every item delivered, none twice")
                        #expect(Set(dequeued).count == dequeued.count, "no item delivered twice")
                        #expect(Set(dequeued) == Set(enqueued), "no item lost, none invented")
                        #expect(try await first.send(.get, "/api/pipe/queues").json() == ["work": 0])
                    }
                }
            }
        }
    }

    /// Two producers enqueue while `dequeuers` consumers, spread over the instances, dequeue until
    /// the producers are done and the queue answers "empty".
    static func run(instances: [any TestClientProtocol], items: Int, dequeuers: Int) async throws -> (enqueued: [String], dequeued: [String]) {
        let producersDone = Locked(false)
        return try await withThrowingTaskGroup(of: (Bool, [String]).self) { group in
            for producer in 0..<2 {
                group.addTask {
                    var ids: [String] = []
                    for n in stride(from: producer, to: items, by: 2) {
                        let reply = try await instances[producer].send(.post, "/api/pipe/enqueue", body: #"{"queue_name": "work", "payload": {"n": \#(n)}}"#)
                        guard reply.status == .ok else { throw TestSetupError("enqueue failed: \(reply.status) \(reply.text)") }
                        ids.append(try reply.json()["id"]!.stringValue!)
                    }
                    return (true, ids)
                }
            }
            for consumer in 0..<dequeuers {
                group.addTask {
                    var ids: [String] = []
                    let client = instances[consumer % instances.count]
                    while true {
                        let finished = producersDone.current
                        let reply = try await client.send(.post, "/api/pipe/queue/work/dequeue")
                        if reply.status == .ok {
                            ids.append(try reply.json()["id"]!.stringValue!)
                        } else if reply.status == .notFound, reply.text == "Queue is empty: work" {
                            if finished { return (false, ids) }
                            try await Task.sleep(for: .milliseconds(2))
                        } else {
                            throw TestSetupError("dequeue failed: \(reply.status) \(reply.text)")
                        }
                    }
                }
            }
            var enqueued: [String] = [], dequeued: [String] = [], producersFinished = 0
            for try await (isProducer, ids) in group {
                if isProducer {
                    enqueued += ids
                    producersFinished += 1
                    if producersFinished == 2 { producersDone.withLock { $0 = true } }
                } else {
                    dequeued += ids
                }
            }
            return (enqueued, dequeued)
        }
    }

    @Test("a single consumer sees FIFO order", arguments: TestBackend.enabled)
    func fifoForOneConsumer(backend: TestBackend) async throws {
        try await withPipeQueue(backend) { client in
            _ = try await client.send(.post, "/api/pipe/queue", body: #"{"queue_name": "fifo"}"#)
            var sent: [String] = []
            for n in 0..<200 {
                sent.append(try await client.send(.post, "/api/pipe/enqueue", body: #"{"queue_name": "fifo", "payload": \#(n)}"#).json()["id"]!.stringValue!)
            }
            var received: [String] = []
            while true {
                let reply = try await client.send(.post, "/api/pipe/queue/fifo/dequeue")
                guard reply.status == .ok else { break }
                received.append(try reply.json()["id"]!.stringValue!)
            }
            #expect(received == sent)
        }
    }
}
