import PTRCore
import PTRHTTP

/// The JSON Schemas of the api's OpenAPI document, matching `SiteConfigRoutes` and `EventsRoutes`.
enum APISchemas {
    /// A site in a config path: at most 256 UTF-8 bytes.
    static let siteParameter = ["site": JSONSchema.described(JSONSchema.string(minLength: 1, maxLength: SiteConfigRoutes.maximumSiteLength),
                                                             "At most \(SiteConfigRoutes.maximumSiteLength) UTF-8 bytes; GET of `all` is GET /all/config")]
    static let allConfigurations = JSONSchema.map(JSONSchema.anyObject)
    /// A site's record; for the site `all`, the path of `GET /all/config`, every site's configuration.
    static let record = JSONSchema.anyOf([
        JSONSchema.object(["site": JSONSchema.string(), "configuration": JSONSchema.anyObject], required: ["site", "configuration"]),
        JSONSchema.described(allConfigurations, "GET /all/config"),
    ])

    /// `{"error": "..."}`, the events routes' JSON errors.
    static let error = JSONSchema.object(["error": JSONSchema.string()], required: ["error"])
    /// Python `float()` text of a finite number.
    static let float = JSONSchema.number
    /// `YYYY-MM-DDTHH:MM:SSZ`, a real UTC date.
    static let instant = JSONSchema.string(pattern: "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]Z$")

    static let events = JSONSchema.described(JSONSchema.map(JSONSchema.number), "Event name → TAI Julian date, in ascending order")
    static let moonPasses = JSONSchema.array(JSONSchema.object([
        "illumination": ["type": "number", "minimum": 0, "maximum": 1], "rise": instant, "set": instant, "transit": instant,
    ], required: ["illumination", "rise", "set", "transit"]))
}
