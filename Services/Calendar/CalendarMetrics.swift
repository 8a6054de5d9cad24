import Foundation
import Metrics
import PTRHTTP

/// Every metric the calendar records, named here and nowhere else, in the application's registry
/// (the one `/metrics` serves): the LCO schedule import's, per subsite (§5.6).
struct CalendarMetrics: Sendable {
    let factory: any MetricsFactory

    init(_ registry: MetricsRegistry) {
        factory = registry.factory
    }

    /// One subsite's import ended: `updated`, `up_to_date` or `error`.
    func importRan(subsite: String, result: String) {
        Counter(label: "calendar_lco_import_runs_total", dimensions: [("subsite", subsite), ("result", result)], factory: factory).increment()
        if result == "updated" {
            Gauge(label: "calendar_lco_import_last_success_seconds", dimensions: [("subsite", subsite)], factory: factory)
                .record(Date().timeIntervalSince1970)
        }
    }

    func observationSkipped(subsite: String) {
        Counter(label: "calendar_lco_observations_skipped_total", dimensions: [("subsite", subsite)], factory: factory).increment()
    }

    func observationsImported(subsite: String, count: Int) {
        Counter(label: "calendar_lco_observations_imported_total", dimensions: [("subsite", subsite)], factory: factory).increment(by: count)
    }
}
