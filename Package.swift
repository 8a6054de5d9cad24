// swift-tools-version:6.0
import PackageDescription

/// One package, six service binaries over shared libraries (see ARCHITECTURE.md §2).
let package = Package(
    name: "PhotonRanch",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ptr-projects", targets: ["Projects"]),
        .executable(name: "ptr-calendar", targets: ["Calendar"]),
        .executable(name: "ptr-jobs", targets: ["Jobs"]),
        .executable(name: "ptr-api", targets: ["API"]),
        .executable(name: "ptr-archive", targets: ["Archive"]),
        .executable(name: "ptr-pipe-queue", targets: ["PipeQueue"]),
        .executable(name: "ptr-token", targets: ["PTRToken"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.0"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.0"),
        .package(url: "https://github.com/vapor/async-kit.git", from: "1.22.0"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.0.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.0.0"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.15.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
    ],
    targets: [
        // MARK: Shared libraries
        .target(
            name: "PTRCore",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ],
            path: "Shared/Core"
        ),
        .target(
            name: "PTRHTTP",
            dependencies: [
                "PTRCore",
                "PTRStorage",
                "PTRAuth",
                "PTROutbound",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Shared/HTTP"
        ),
        .target(
            name: "PTRStorage",
            dependencies: [
                "PTRCore",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "_ConnectionPoolModule", package: "postgres-nio"),
                .product(name: "AsyncKit", package: "async-kit"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Shared/Storage"
        ),
        .systemLibrary(
            name: "CCurl",
            path: "Shared/CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(name: "PTROutbound", dependencies: ["CCurl", "PTRCore"], path: "Shared/Outbound"),
        .target(
            name: "PTRAuth",
            dependencies: [
                "PTROutbound",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Shared/Auth"
        ),
        .target(name: "Astronomy", dependencies: ["PTRCore"], path: "Shared/Astronomy", resources: [.copy("Resources/de421-excerpt.bin")]),
        .target(
            name: "PTRTesting",
            dependencies: [
                "PTRCore", "PTRHTTP", "PTRStorage", "PTRAuth",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            path: "Shared/Testing"
        ),

        // MARK: Services
        .executableTarget(name: "PipeQueue", dependencies: ["PTRCore", "PTRHTTP", "PTRStorage"], path: "Services/PipeQueue"),
        .executableTarget(name: "Projects", dependencies: ["PTRCore", "PTRHTTP", "PTRStorage", "PTRAuth", "PTROutbound"], path: "Services/Projects"),
        .executableTarget(
            name: "Calendar",
            dependencies: [
                "PTRCore", "PTRHTTP", "PTRStorage", "PTRAuth", "PTROutbound",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            path: "Services/Calendar"
        ),
        .executableTarget(name: "Jobs", dependencies: ["PTRCore", "PTRHTTP", "PTRStorage", "PTRAuth", "PTROutbound"], path: "Services/Jobs"),
        .executableTarget(name: "API", dependencies: ["PTRCore", "PTRHTTP", "PTRStorage", "Astronomy"], path: "Services/API"),
        .executableTarget(name: "Archive", dependencies: ["PTRCore", "PTRHTTP", "PTRStorage"], path: "Services/Archive"),

        // MARK: Tools and benchmarks
        .executableTarget(
            name: "PTRToken",
            dependencies: ["PTRAuth", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Tools/PTRToken"
        ),
        .executableTarget(name: "AstronomyBench", dependencies: ["Astronomy"], path: "Benchmarks/AstronomyBench"),
        .executableTarget(name: "JSONBench", dependencies: ["PTRCore"], path: "Benchmarks/JSONBench"),

        // MARK: Tests
        .testTarget(name: "PTRCoreTests", dependencies: ["PTRCore"]),
        .testTarget(name: "PTRHTTPTests", dependencies: ["PTRHTTP", "PTRTesting", "PTRAuth", "PTRCore"]),
        .testTarget(name: "PTRStorageTests", dependencies: ["PTRStorage", "PTRTesting"]),
        .testTarget(name: "PipeQueueTests", dependencies: ["PipeQueue", "PTRTesting"]),
        .testTarget(
            name: "ProjectsTests",
            dependencies: [
                "Projects", "PTRTesting", "PTRAuth",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(name: "AstronomyTests", dependencies: ["Astronomy", "PTRCore"], resources: [.copy("Resources/range_vectors.json")]),
        // Runs the built binaries; declared after them so `swift build --build-tests` builds them first.
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "PTROutbound", "PTRCore", "PTRAuth", "PTRTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "JobsTests",
            dependencies: [
                "Jobs", "PTRTesting", "PTRAuth", "PTROutbound",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "CalendarTests",
            dependencies: [
                "Calendar", "PTRTesting", "PTRAuth",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(name: "APITests", dependencies: ["API", "Astronomy", "PTRTesting"]),
        .testTarget(
            name: "PTROutboundTests",
            dependencies: [
                "PTROutbound", "PTRTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "PTRAuthTests",
            dependencies: [
                "PTRAuth", "PTROutbound", "PTRTesting",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
