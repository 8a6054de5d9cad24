import Logging
import PTRCore
import PTRStorage
import ServiceLifecycle

/// A database a service uses besides its own, such as the image catalog (the archive migrates and
/// writes it, the api reads it).
public struct ExtraDatabase: Sendable {
    /// Its key in the builder context's `extraDatabases`, and the name its migrations are recorded under.
    public let name: String
    public let location: DatabaseLocation
    /// Nil when another service owns its schema and this one only uses it: `/ready` then asks only
    /// that it answers, and the routes do not wait for its migrations.
    public let migrations: [Migration]?

    public init(name: String, location: DatabaseLocation, migrations: [Migration]?) {
        self.name = name
        self.location = location
        self.migrations = migrations
    }
}

/// Every database of one application — its own, then the extra ones — with the migrator of each
/// one it migrates. `/ready` checks them all; the routes serve once all migrations have run.
struct ApplicationDatabases: Sendable {
    struct Entry: Sendable {
        let database: Database
        let migrator: SchemaMigrator?
    }

    let entries: [Entry]
    let extra: [String: Database]

    init(_ configuration: ServiceConfiguration, migrations: [Migration], extra: [ExtraDatabase], logger: Logger) throws {
        func entry(_ location: DatabaseLocation, _ name: String, _ migrations: [Migration]?) throws -> Entry {
            let database = try Database(location, connectionTimeout: configuration.databaseTimeout,
                                        poolSize: configuration.databasePoolSize, logger: logger)
            return Entry(database: database, migrator: migrations.map {
                SchemaMigrator(database: database, service: name, migrations: $0, logger: logger)
            })
        }
        let own = try entry(configuration.database, configuration.service.rawValue, migrations)
        let extraEntries = try extra.map { try entry($0.location, $0.name, $0.migrations) }
        entries = [own] + extraEntries
        self.extra = Dictionary(uniqueKeysWithValues: zip(extra.map(\.name), extraEntries.map(\.database)))
    }

    var own: Database { entries[0].database }

    /// The pools, then the migrators: a service group stops its services in reverse order, so the
    /// pools outlive everything that uses them.
    var services: [any Service] {
        let pools: [any Service] = entries.map { $0.database }
        let migrators: [any Service] = entries.compactMap { $0.migrator }
        return pools + migrators
    }

    /// True once every database this service migrates has its schema.
    var areMigrated: Bool { entries.allSatisfy { $0.migrator == nil || $0.database.hasSchema } }

    /// `/ready`: every database answers, and those this service migrates are migrated.
    func areReady() async -> Bool {
        for entry in entries {
            let ready = await (entry.migrator == nil ? entry.database.answers() : entry.database.isReady())
            if !ready { return false }
        }
        return true
    }

    /// See `SchemaMigrator.waitUntilMigratedOrFailing`, for every migrator.
    func waitUntilMigratedOrFailing() async {
        for migrator in entries.compactMap(\.migrator) { await migrator.waitUntilMigratedOrFailing() }
    }
}
