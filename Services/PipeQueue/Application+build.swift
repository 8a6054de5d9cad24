import Hummingbird
import PTRCore
import PTRHTTP

/// The PIPE queue service: named FIFO work queues from observatories to PIPE machines, and the
/// machines' online/offline statuses (spec/pipe-queue.md).
func buildApplication(_ configuration: ServiceConfiguration) async throws -> some ApplicationProtocol {
    try await ServiceApplication.build(configuration: configuration, migrations: PipeQueueStore.migrations) { context in
        PipeQueueRoutes(store: PipeQueueStore(database: context.database), bodyLimit: configuration.maxBodyBytes).register(on: context.routes)
        return []
    }
}
