import Foundation
import PTRCore
import PTROutbound

/// The LCO site proxies (§5.1): `last_scheduled` and `schedule` of the observation portal, with
/// the per-WEMA or single secret of `PTR_LCO_TOKEN` sent verbatim as `Authorization`.
struct LCOSiteProxy: Sendable {
    /// `PTR_LCO_URL`, `{wema}` standing for the WEMA code.
    let urlTemplate: String
    let tokens: Tokens
    let http: OutboundHTTPClient

    /// The outbound response cap (§6.3).
    static let maximumResponseBytes = 20 * 1024 * 1024

    enum Tokens: Sendable {
        case none
        case single(String)
        case perWEMA([String: String])

        /// One string for every WEMA, or a JSON object WEMA → value (§5.6).
        init(_ text: String?) {
            guard let text else { self = .none; return }
            if let object = (try? JSONValue.parse(text))?.objectValue {
                self = .perWEMA(object.compactMapValues(\.stringValue).reduce(into: [:]) { $0[$1.key] = $1.value })
            } else {
                self = .single(text)
            }
        }

        func value(for wema: String) -> String? {
            switch self {
            case .none: nil
            case .single(let token): token
            case .perWEMA(let tokens): tokens[wema]
            }
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// `last_schedule_time`, or nil on any failure (§5.5 step 2: never an abort).
    func lastScheduleTime(wema: String) async -> String? {
        guard let response = try? await get(wema: wema, path: "last_scheduled", query: [], timeout: .seconds(20)),
              response.status == 200 else { return nil }
        return (try? JSONValue.parse(response.body))?["last_schedule_time"]?.stringValue
    }

    /// The `results` of the first `schedule` page.
    func schedule(wema: String, query: [(String, String)], timeout: Duration) async throws(Failure) -> [JSONValue] {
        let response: OutboundResponse
        do {
            response = try await get(wema: wema, path: "schedule", query: query, timeout: timeout)
        } catch {
            throw Failure(description: "LCO request failed: \(error)")
        }
        guard response.status == 200 else { throw Failure(description: "LCO answered \(response.status)") }
        guard let body = try? JSONValue.parse(response.body) else { throw Failure(description: "LCO answer is not JSON") }
        guard let results = body["results"]?.arrayValue else { throw Failure(description: "LCO answer has no results list") }
        return results
    }

    private func get(wema: String, path: String, query: [(String, String)], timeout: Duration) async throws(OutboundError) -> OutboundResponse {
        var headers: HTTPHeaders = [:]
        if let token = tokens.value(for: wema) { headers.add(name: "Authorization", value: token) }
        let base = urlTemplate.replacingOccurrences(of: "{wema}", with: wema)
        let queryText = query.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        let url = base + "/observation-portal/api/" + path + (queryText.isEmpty ? "" : "?" + queryText)
        return try await http.execute(OutboundRequest(url: url, headers: headers, timeout: timeout, maxResponseBytes: Self.maximumResponseBytes))
    }

    /// Percent-encodes a query value (the original interpolated values raw, Q13).
    private static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
