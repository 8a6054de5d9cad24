import Foundation
import HummingbirdTesting
import PTRCore
import PTRTesting
import Testing

@testable import Calendar

/// The LCO import's metrics reach `/metrics`: they are recorded in the app's own registry.
@Suite struct ImportMetricsTests {
    /// The samples of a Prometheus text exposition, `name{labels}` → value.
    static func samples(_ exposition: String) -> [String: Double] {
        let pairs = exposition.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line -> (String, Double)? in
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { return nil }
            return (String(line[..<space]), value)
        }
        return Dictionary(pairs) { _, last in last }
    }

    @Test("after a timer-triggered import, /metrics shows the calendar_lco_* metrics above zero", arguments: TestBackend.enabled)
    func timerImportIsCounted(backend: TestBackend) async throws {
        try await withFakeLCO { lco, projects in
            // The fixture's observations plus one the import must skip (no `request`).
            var malformed = try #require(FakeLCO.fixtureObservations.first?.objectValue)
            malformed["id"] = 612_000_999
            malformed.removeValue(forKey: "request")
            lco.state.withLock { $0.results = FakeLCO.fixtureObservations + [.object(malformed)] }
            try await withCalendar(backend, environment: lcoEnvironment(lco, projects, interval: 1)) { client async throws in
                let updated = #"calendar_lco_import_runs_total{subsite="mrc1",result="updated"}"#
                var samples: [String: Double] = [:]
                for _ in 0..<150 where samples[updated] == nil {
                    try await Task.sleep(for: .milliseconds(100))
                    samples = Self.samples(try await client.send(.get, "/metrics").text)
                }
                #expect(samples[updated] ?? 0 > 0, "\(samples.keys.sorted())")
                #expect(samples[#"calendar_lco_observations_imported_total{subsite="mrc1"}"#] ?? 0 > 0)
                #expect(samples[#"calendar_lco_observations_skipped_total{subsite="mrc1"}"#] ?? 0 > 0)
                #expect(samples[#"calendar_lco_import_last_success_seconds{subsite="mrc1"}"#] ?? 0 > Date().timeIntervalSince1970 - 60)
                #expect(!lco.requests.isEmpty && !samples.keys.contains { $0.contains("/import-schedules") }, "the timer imported, not a route")
            }
        }
    }
}
