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
        typealias S = APISchemas
        routes.get("/all/config", summary: "Every site's configuration, keyed by site",
                   responses: [200: .json("Site → configuration", S.allConfigurations)], handler: allConfigurations)
        routes.get("/:site/config", summary: "A site's config record {site, configuration}", pathParameters: S.siteParameter,
                   responses: [200: .json("The record (for `all`: every site's configuration)", S.record), 400: "Invalid site: at most 256 bytes (text)", 404: "No config for site {site} (text)"],
                   handler: configuration)
        routes.put("/:site/config", summary: "Create or replace a site's configuration (body: any JSON object)", pathParameters: S.siteParameter,
                   body: .required(JSONSchema.anyObject),
                   responses: [200: .json("Stored", JSONSchema.storageStatus), 400: "Invalid site, or a body that is no JSON object (text)",
                               413: "Request body is larger than 409600 bytes (text)"], handler: replace)
        routes.delete("/:site/config", summary: "Delete a site's configuration (no-op when absent)", pathParameters: S.siteParameter,
                      responses: [200: .json("Deleted", JSONSchema.storageStatus), 400: "Invalid site: at most 256 bytes (text)"], handler: delete)
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
