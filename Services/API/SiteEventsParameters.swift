import Foundation
import PTRCore

/// What `/events` reads from a site configuration (events.md §1.1 step 5).
struct SiteEventsParameters: Sendable, Equatable {
    /// The configuration keys the reference reads; the store keeps just these for `/events`.
    static let keys = ["latitude", "longitude", "elevation", "reference_ambient", "reference_pressure", "TZ_database_name"]

    let latitude: Double
    let longitude: Double
    let timeZoneName: String

    static func subset(of configuration: JSONObject) -> JSONObject {
        configuration.filter { keys.contains($0.key) }
    }

    /// Nil when any value is missing or unusable. Elevation and the two reference values are only
    /// validated (they do not affect the computation). Deliberate difference: the reference values
    /// may be a scalar, as real configs write them, or a list whose first element is taken.
    init?(configuration: JSONObject) {
        guard let latitude = Self.number(configuration["latitude"]),
              let longitude = Self.number(configuration["longitude"]),
              Self.number(configuration["elevation"]) != nil,
              Self.referenceValue(configuration["reference_ambient"]) != nil,
              Self.referenceValue(configuration["reference_pressure"]) != nil,
              let timeZoneName = configuration["TZ_database_name"]?.stringValue
        else { return nil }
        self.latitude = latitude
        self.longitude = longitude
        self.timeZoneName = timeZoneName
    }

    /// A finite JSON number, or a string holding one (the reference applies Python's `float()`).
    static func number(_ value: JSONValue?) -> Double? {
        switch value {
        case .integer(let integer)?: return Double(integer)
        case .double(let double)?: return double.isFinite ? double : nil
        case .string(let text)?: return FloatText.parse(text)
        default: return nil
        }
    }

    private static func referenceValue(_ value: JSONValue?) -> Double? {
        if case .array(let values)? = value { return number(values.first) }
        return number(value)
    }
}

/// Number texts read the way Python's `float()` reads them, restricted to finite values.
enum FloatText {
    static func parse(_ text: some StringProtocol) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        // Swift also reads hexadecimal floats ("0x1p3"), which Python's float() refuses.
        guard !trimmed.contains(where: { $0 == "x" || $0 == "X" }), let value = Double(trimmed), value.isFinite else { return nil }
        return value
    }
}
