import PTRCore
import PTRStorage
import SQLKit

/// The only place that speaks SQL for site configurations (api.md §4.3 `site_configurations`).
///
/// Next to the whole configuration each row keeps the few values `/events` reads
/// (`SiteEventsParameters.keys`), so that route parses a small document instead of an
/// observatory's full config (tens of kilobytes) on every request.
struct SiteConfigStore: Sendable {
    let database: Database

    static let migrations = [
        Migration(version: 1, name: "site configurations") { _ in
            ["CREATE TABLE site_configurations (site TEXT PRIMARY KEY, configuration TEXT NOT NULL, event_parameters TEXT NOT NULL)"]
        }
    ]

    /// Replaces the site's record wholesale (no merge; last writer wins).
    func replace(site: String, configuration: JSONObject) async throws {
        let parameters = JSONValue.object(SiteEventsParameters.subset(of: configuration))
        try await database.withConnection { sql in
            try await sql.raw("""
                INSERT INTO site_configurations (site, configuration, event_parameters)
                VALUES (\(bind: site), \(bind: JSONValue.object(configuration).jsonText), \(bind: parameters.jsonText))
                ON CONFLICT (site) DO UPDATE SET configuration = excluded.configuration, event_parameters = excluded.event_parameters
                """).run()
        }
    }

    func configuration(of site: String) async throws -> JSONValue? {
        try await database.read { sql in
            try await sql.raw("SELECT configuration FROM site_configurations WHERE site = \(bind: site)")
                .first().map { try JSONValue.parse($0.decode(column: "configuration", as: String.self)) }
        }
    }

    /// The `/events` subset of the site's configuration; nil when the site has no record.
    func eventParameters(of site: String) async throws -> JSONObject? {
        try await database.read { sql in
            try await sql.raw("SELECT event_parameters FROM site_configurations WHERE site = \(bind: site)")
                .first().map { try JSONValue.parse($0.decode(column: "event_parameters", as: String.self)).objectValue ?? [:] }
        }
    }

    /// Every configuration keyed by site, sites in code-point order on both backends.
    func allConfigurations() async throws -> JSONObject {
        let rows = try await database.read { sql in
            try await sql.raw("SELECT site, configuration FROM site_configurations").all().map {
                (try $0.decode(column: "site", as: String.self), try JSONValue.parse($0.decode(column: "configuration", as: String.self)))
            }
        }
        return JSONObject(uniqueKeysWithValues: rows.sorted { $0.0.unicodeScalars.lexicographicallyPrecedes($1.0.unicodeScalars) })
    }

    /// Deletes the site's record; nothing happens when there is none.
    func delete(site: String) async throws {
        try await database.withConnection { sql in
            try await sql.raw("DELETE FROM site_configurations WHERE site = \(bind: site)").run()
        }
    }
}
