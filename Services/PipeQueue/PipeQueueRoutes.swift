import Hummingbird
import PTRCore
import PTRHTTP

/// The `/pipe/...` routes, open to everyone as in the original (observatories and PIPE machines
/// send no credentials). Texts and statuses are those of spec/pipe-queue.md §3.
struct PipeQueueRoutes: Sendable {
    let store: PipeQueueStore
    let bodyLimit: Int

    /// The original's item size limit was DynamoDB's 400 KB; a larger enqueue is refused with 413.
    static let enqueueBodyLimit = 400 * 1024
    static let defaultPeekLimit = 10
    /// The original returned at most one storage page (1 MB) per peek; this bounds it by count.
    static let maximumPeekLimit = 1000

    func register(on routes: ServiceRoutes) {
        typealias S = PipeQueueSchemas
        let queueName = ["queue_name": S.pathName]
        let pipeID = ["pipe_id": S.pathName]
        routes.post("/pipe/queue", summary: "Create a queue", body: .required(S.createBody),
                    responses: [200: .json("Created: Queue created: {name}", S.message), 400: S.invalidName,
                                409: "Queue already exists: {name}", 413: "Body over the service's body limit"], handler: createQueue)
        routes.post("/pipe/enqueue", summary: "Add an item to a queue", body: .required(S.enqueueBody),
                    responses: [200: .json("The stored item", S.item), 400: S.invalidName, 404: "Queue does not exist: {name}",
                                413: "Body over 400 KiB"], handler: enqueue)
        routes.get("/pipe/queue/:queue_name", summary: "Items of a queue, oldest first, without removing them", pathParameters: queueName,
                   query: [.optional("limit", S.peekLimit)],
                   responses: [200: .json("Array of items", JSONSchema.array(S.item)), 400: "Invalid queue_name, or invalid limit",
                               404: "Queue does not exist: {name}"], handler: peek)
        routes.post("/pipe/queue/:queue_name/dequeue", summary: "Remove and return the oldest item", pathParameters: queueName,
                    responses: [200: .json("The item", S.item), 400: "Invalid queue_name", 404: "Queue does not exist, or Queue is empty: {name}"],
                    handler: dequeue)
        routes.delete("/pipe/queue/:queue_name", summary: "Delete a queue and its items", pathParameters: queueName,
                      responses: [200: .json("Queue deleted: {name}", S.message), 400: "Invalid queue_name", 404: "Queue does not exist: {name}"],
                      handler: deleteQueue)
        routes.get("/pipe/queues", summary: "Every queue with its number of items",
                   responses: [200: .json("Queue name → number of items", JSONSchema.map(JSONSchema.integer(minimum: 0)))], handler: listQueues)
        routes.post("/pipe/status", summary: "Set the status of a PIPE machine", body: .required(S.statusBody),
                    responses: [200: .json("The stored status", S.status), 400: S.invalidName, 413: "Body over the service's body limit"],
                    handler: setStatus)
        routes.get("/pipe/status/:pipe_id", summary: "Status of one PIPE machine", pathParameters: pipeID,
                   responses: [200: .json("The status", S.status), 400: "Invalid pipe_id", 404: "PIPE machine not found: {id}"], handler: getStatus)
        routes.delete("/pipe/status/:pipe_id", summary: "Delete the status of a PIPE machine (also when there is none)", pathParameters: pipeID,
                      responses: [200: .json("Status deleted for PIPE: {id}", S.message), 400: "Invalid pipe_id"], handler: deleteStatus)
        routes.get("/pipe/statuses", summary: "Statuses of every PIPE machine",
                   responses: [200: .json("Array of statuses, by pipe_id", JSONSchema.array(S.status))], handler: listStatuses)
    }

    // MARK: Queues

    @Sendable func createQueue(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        let name = try Self.name(try await request.jsonObject(.lenient(limit: bodyLimit))["queue_name"], field: "queue_name",
                                 missing: "Missing required field: queue_name")
        guard try await store.createQueue(named: name) else {
            throw HTTPFailure.conflict("Queue already exists: \(name)")
        }
        return .json(["message": .string("Queue created: \(name)")])
    }

    @Sendable func enqueue(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        let body = try await request.jsonObject(.lenient(limit: Self.enqueueBodyLimit))
        let name = try Self.name(body["queue_name"], field: "queue_name", missing: "Missing required field: queue_name")
        let item = QueueItem.new(queueName: name, payload: body["payload"] ?? [:], sender: body["sender"] ?? "unknown")
        guard let stored = try await store.enqueue(item) else {
            throw HTTPFailure.notFound("Queue does not exist: \(name)")
        }
        return .stored(stored)
    }

    @Sendable func peek(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        let name = try Self.pathName(context, "queue_name")
        var limit = Self.defaultPeekLimit
        if let text = request.uri.queryParameters["limit"] {
            guard let value = Int(text), value >= 1 else {
                throw HTTPFailure.badRequest("Invalid limit: expected a whole number of at least 1")
            }
            limit = min(value, Self.maximumPeekLimit)
        }
        guard let items = try await store.peek(queue: name, limit: limit) else {
            throw HTTPFailure.notFound("Queue does not exist: \(name)")
        }
        return .stored(items)
    }

    @Sendable func dequeue(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        let name = try Self.pathName(context, "queue_name")
        switch try await store.dequeue(queue: name) {
        case .item(let item): return .stored(item)
        case .empty: throw HTTPFailure.notFound("Queue is empty: \(name)")
        case .noQueue: throw HTTPFailure.notFound("Queue does not exist: \(name)")
        }
    }

    @Sendable func deleteQueue(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        let name = try Self.pathName(context, "queue_name")
        guard try await store.deleteQueue(named: name) else {
            throw HTTPFailure.notFound("Queue does not exist: \(name)")
        }
        return .json(["message": .string("Queue deleted: \(name)")])
    }

    @Sendable func listQueues(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        let counts = try await store.itemCounts()
        return .json(.object(JSONObject(uniqueKeysWithValues: counts.map { ($0.queueName, .integer(Int64($0.count))) })))
    }

    // MARK: Statuses

    @Sendable func setStatus(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        let body = try await request.jsonObject(.lenient(limit: bodyLimit))
        let missing = "Missing required fields: pipe_id and status"
        let pipeID = try Self.name(body["pipe_id"], field: "pipe_id", missing: missing)
        guard let status = body["status"], status.isTruthy else { throw HTTPFailure.badRequest(missing) }
        let record = PipeStatus(pipeID: pipeID, status: status, lastUpdated: unixMilliseconds(), details: body["details"] ?? [:])
        try await store.setStatus(record)
        return .json(record.json)
    }

    @Sendable func getStatus(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        let pipeID = try Self.pathName(context, "pipe_id")
        guard let status = try await store.status(of: pipeID) else {
            throw HTTPFailure.notFound("PIPE machine not found: \(pipeID)")
        }
        return .json(status.json)
    }

    @Sendable func deleteStatus(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        let pipeID = try Self.pathName(context, "pipe_id")
        try await store.deleteStatus(of: pipeID)
        return .json(["message": .string("Status deleted for PIPE: \(pipeID)")])
    }

    @Sendable func listStatuses(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        .json(.array(try await store.allStatuses().map(\.json)))
    }

    // MARK: Names

    /// A name from the body: falsy is "missing" (the original's test), numbers are taken as their
    /// text as the original did, anything else or outside the safe alphabet is refused.
    private static func name(_ value: JSONValue?, field: String, missing: String) throws -> String {
        guard let value, value.isTruthy else { throw HTTPFailure.badRequest(missing) }
        guard let text = value.keyText else { throw HTTPFailure.badRequest("Invalid \(field): expected a string") }
        guard PipeName.isValid(text) else { throw HTTPFailure.badRequest(PipeName.rule(for: field)) }
        return text
    }

    private static func pathName(_ context: AppRequestContext, _ field: String) throws -> String {
        let text = try context.pathParameter(field)
        guard PipeName.isValid(text) else { throw HTTPFailure.badRequest(PipeName.rule(for: field)) }
        return text
    }
}
