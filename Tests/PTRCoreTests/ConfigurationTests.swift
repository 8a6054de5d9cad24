import PTRCore
import Testing

@Suite struct ConfigurationTests {
    @Test func defaults() throws {
        let configuration = try ServiceConfiguration(service: .calendar, environment: [:])
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 8082)
        #expect(configuration.database == .sqlite(path: "./data/calendar.sqlite"))
        #expect(configuration.catalogDatabase == .sqlite(path: "./data/archive.sqlite"))
        #expect(configuration.objectStore == .directory(path: "./data/objects"))
        #expect(configuration.publicURL == "http://127.0.0.1:8082")
        #expect(configuration.auth.audience == "master")
        #expect(configuration.url(of: .projects) == "http://127.0.0.1:8081")
        #expect(configuration.lco.importIntervalSeconds == 300)
        #expect(configuration.lco.url == nil)
        #expect(configuration.maxBodyBytes == 1 << 20)
    }

    @Test func readsEveryBackend() throws {
        let configuration = try ServiceConfiguration(service: .jobs, environment: [
            "PTR_DATA_DIR": "/srv/ptr", "PTR_PORT": "9000", "PTR_DATABASE_URL": "postgres://u:secret@db:5432/ptr",
            "PTR_OBJECT_STORE_URL": "s3://photonranch-001", "PTR_CALENDAR_URL": "http://calendar:8082/",
        ])
        #expect(configuration.port == 9000)
        #expect(configuration.database == .postgres(url: "postgres://u:secret@db:5432/ptr"))
        #expect(configuration.database.description == "postgres://u:***@db:5432/ptr")
        #expect(configuration.catalogDatabase == .sqlite(path: "/srv/ptr/archive.sqlite"))
        #expect(configuration.objectStore == .s3(bucket: "photonranch-001"))
        #expect(configuration.url(of: .calendar) == "http://calendar:8082")
    }

    @Test("a bad value names the variable and what it expected", arguments: [
        ("PTR_PORT", "abc", "a TCP port number"), ("PTR_PORT", "70000", "a TCP port number"),
        ("PTR_DATABASE_URL", "mysql://x", "sqlite:<path> or postgres://"), ("PTR_DATABASE_URL", "sqlite:", "sqlite:<path>"),
        ("PTR_OBJECT_STORE_URL", "ftp://x", "file:<dir> or s3://<bucket>"), ("PTR_LOG_FORMAT", "xml", "json or text"),
        ("PTR_LCO_URL", "not a url", "an http:// or https:// URL"), ("PTR_LCO_IMPORT_INTERVAL_S", "-1", "seconds"),
        ("PTR_DATABASE_TIMEOUT_MS", "0", "milliseconds"), ("PTR_DATABASE_POOL_SIZE", "many", "a number of connections"),
        ("PTR_HTTP_HEADER_TIMEOUT_S", "-5", "seconds"), ("PTR_HTTP_MAX_CONNECTIONS", "0", "a number of connections"),
    ])
    func badValues(variable: String, value: String, expected: String) {
        #expect {
            try ServiceConfiguration(service: .api, environment: [variable: value])
        } throws: { error in
            let description = String(describing: error)
            return description.hasPrefix("\(variable)=") && description.contains(expected)
        }
    }
}
