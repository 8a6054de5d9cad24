import Hummingbird
import PTRCore
import PTRHTTP

/// The PIPE queue service: named FIFO work queues from observatories to PIPE machines, and the
/// machines' online/offline statuses (spec/pipe-queue.md).
func buildApplication(_ configuration: ServiceConfiguration) async throws -> some ApplicationProtocol {
    try await ServiceApplication.build(configuration: configuration, migrations: PipeQueueStore.migrations) { routes, database in
        PipeQueueRoutes(store: PipeQueueStore(database: database), bodyLimit: configuration.maxBodyBytes).register(on: routes)
    }
}
