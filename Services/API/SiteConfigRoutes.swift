import Hummingbird
import PTRCore
import PTRHTTP

/// `GET/PUT/DELETE /{site}/config` and `GET /all/config` (api.md §6.13). Open to everyone as in
/// the original: the observatory PUTs and GETs its config without credentials.
struct SiteConfigRoutes: Sendable {
    let store: SiteConfigStore

    /// DynamoDB's item limit, the original's only bound on a configuration's size; unlike the
    /// original, a body that is not a JSON object is refused.
    static let bodyRules = JSONBodyRules(limit: 400 * 1024, tooLargeText: "Request body is larger than \(400 * 1024) bytes",
                                         notAnObjectText: "Request body must be a JSON object: the site configuration")
    static let maximumSiteLength = 256

    func register(on routes: ServiceRoutes) {
        routes.get("/all/config", summary: "Every site's configuration, keyed by site", handler: allConfigurations)
        routes.get("/:site/config", summary: "A site's config record {site, configuration}",
                   responses: [200: "The record", 404: "No config for the site"], handler: configuration)
        routes.put("/:site/config", summary: "Create or replace a site's configuration (body: any JSON object)",
                   responses: [200: "Stored", 400: "Body is not a JSON object", 413: "Body over 400 KiB"], handler: replace)
        routes.delete("/:site/config", summary: "Delete a site's configuration (no-op when absent)", handler: delete)
    }

    @Sendable func allConfigurations(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        .json(.object(try await store.allConfigurations()))
    }

    @Sendable func configuration(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        let site = try Self.site(context)
        guard let configuration = try await store.configuration(of: site) else {
            throw HTTPFailure.notFound("No config for site \(site)")
        }
        return .json(["site": .string(site), "configuration": configuration])
    }

    /// Unlike the original, which stored `{}` for a missing or unparsable body, anything but a
    /// JSON object is refused and the stored record left as it was (api.md §6.13, case 54).
    @Sendable func replace(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        let site = try Self.site(context)
        let configuration = try await request.jsonObject(Self.bodyRules)
        try await store.replace(site: site, configuration: configuration)
        return .json(StorageMetadata.statusOnly)
    }

    @Sendable func delete(_ request: Request, _ context: AppRequestContext) async throws -> Reply {
        try await store.delete(site: try Self.site(context))
        return .json(StorageMetadata.statusOnly)
    }

    private static func site(_ context: AppRequestContext) throws -> String {
        let site = try context.pathParameter("site")
        guard site.utf8.count <= maximumSiteLength else {
            throw HTTPFailure.badRequest("Invalid site: at most \(maximumSiteLength) bytes")
        }
        return site
    }
}
