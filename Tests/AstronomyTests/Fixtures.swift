import Foundation

/// The reference vectors of events.md §5.3, read from the shared spec folder.
enum Fixtures {
    struct SiteEventsVector: Decodable {
        let site: String
        let lat: Double
        let lng: Double
        let timezone: String
        let when: Double
        let events: [String: Double]
    }

    struct MoonVector: Decodable {
        struct Pass: Decodable {
            let illumination: Double
            let rise: String
            let set: String
            let transit: String
        }
        let lat: Double
        let lng: Double
        let start: String
        let end: String
        let result: [Pass]
    }

    private struct File: Decodable {
        let site_events: [SiteEventsVector]
        let moon: [MoonVector]
    }

    private static let file: File = {
        let data = try! Data(contentsOf: vectorsURL())
        return try! JSONDecoder().decode(File.self, from: data)
    }()

    static var siteEvents: [SiteEventsVector] { file.site_events }
    static var moon: [MoonVector] { file.moon }

    /// `shared/spec/fixtures/events_vectors.json` next to the package root (`<root>/../shared` in the
    /// main repository) or next to one of its ancestors (helper checkouts live deeper).
    private static func vectorsURL() -> URL {
        // #filePath is <root>/Tests/AstronomyTests/Fixtures.swift
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let relative = "shared/spec/fixtures/events_vectors.json"
        while directory.path != "/" {
            directory = directory.deletingLastPathComponent()
            let candidate = directory.appendingPathComponent(relative)
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
        }
        fatalError("\(relative) not found above \(#filePath)")
    }
}
