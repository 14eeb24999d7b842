// swift-tools-version:6.2
import PackageDescription

/// One settings array for every target (grpc-swift-2 and hummingbird do the same).
let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let nio: [Target.Dependency] = [
    .product(name: "NIOCore", package: "swift-nio"),
    .product(name: "NIOPosix", package: "swift-nio"),
    .product(name: "NIOHTTP1", package: "swift-nio"),
    .product(name: "NIOFoundationCompat", package: "swift-nio"),
    .product(name: "NIOHTTP2", package: "swift-nio-http2"),
    .product(name: "NIOSSL", package: "swift-nio-ssl"),
    .product(name: "NIOTLS", package: "swift-nio"),
    .product(name: "NIOHPACK", package: "swift-nio-http2"),
]

/// The service names, in port order (8081…8085).
let serviceNames = ["Identity", "Membership", "Resources", "Activities", "Assessment"]

/// A service: its library (all logic), its thin executable, and its test target.
/// - Parameters:
///   - calls: the services whose methods it calls, by their API modules. Its tests start those services in-process,
///     and identity (who a teacher is, whose keys verify tokens) through PlatformTesting.
///   - extras: libraries only this service uses; `testExtras`, only its tests.
func service(
    _ name: String,
    calls: [String],
    extras: [Target.Dependency] = [],
    testExtras: [Target.Dependency] = []
) -> [Target] {
    let api: Target.Dependency = .target(name: "\(name)API")
    let runtime: [Target.Dependency] = [
        "RPCServer", "ServiceKit", "Auth", "JSONRPC", "Programme", api, .product(name: "GRDB", package: "GRDB.swift"),
    ]
    return [
        .target(
            name: "\(name)Service",
            dependencies: runtime + ["RPCClient", .product(name: "Logging", package: "swift-log")]
                + calls.map { .target(name: "\($0)API") } + extras,
            path: "Services/\(name)/\(name)Service",
            swiftSettings: settings
        ),
        .executableTarget(
            name: "\(name)App",
            dependencies: [
                .target(name: "\(name)Service"), api, "ServiceKit", "Settings",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Services/\(name)/\(name)App",
            swiftSettings: settings
        ),
        .testTarget(
            name: "\(name)ServiceTests",
            dependencies: [.target(name: "\(name)Service"), "RPCTesting"] + runtime
                + calls.map { .target(name: "\($0)Service") } + (calls.contains("Identity") ? ["PlatformTesting"] : [])
                + testExtras,
            swiftSettings: settings
        ),
    ]
}

/// Identity verifies the teacher-training system's tokens (jwt-kit) and hashes admin passwords (scrypt).
let identityExtras: [Target.Dependency] = [
    .product(name: "JWTKit", package: "jwt-kit"),
    .product(name: "ExtrasBase64", package: "swift-extras-base64"),
    .product(name: "_CryptoExtras", package: "swift-crypto"),
    // Application forms stream to disk on PUT /forms/{sha256}.
    .product(name: "_NIOFileSystem", package: "swift-nio"),
    .product(name: "NIOCore", package: "swift-nio"),
    // Password hashing on a thread pool of its own (PasswordHashingPool).
    .product(name: "NIOPosix", package: "swift-nio"),
    .product(name: "Crypto", package: "swift-crypto"),
]

/// Resources' and activities' tests upload files as a client does: named by their SHA-256, over HTTP/2.
let fileTestExtras: [Target.Dependency] = ["RPCClient", .product(name: "Crypto", package: "swift-crypto")]

/// Resources streams files to and from disk (NIOFileSystem) and names them by their SHA-256 (swift-crypto).
let resourcesExtras: [Target.Dependency] = [
    .product(name: "_NIOFileSystem", package: "swift-nio"),
    .product(name: "NIOCore", package: "swift-nio"),
    // Password hashing on a thread pool of its own (PasswordHashingPool).
    .product(name: "NIOPosix", package: "swift-nio"),
    .product(name: "Crypto", package: "swift-crypto"),
]

/// A service's wire contract: its methods and their params and results, in the wire's terms (JSONRPC) and the
/// programme's vocabulary (Programme) only, so no service's contract depends on another's.
func api(_ name: String) -> Target {
    .target(name: "\(name)API", dependencies: ["JSONRPC", "Programme"], path: "Protocols/\(name)API", swiftSettings: settings)
}

let package = Package(
    name: "mingshi",
    platforms: [.macOS(.v15)],
    products: serviceNames.map { .executable(name: $0.lowercased(), targets: ["\($0)App"]) } + [
        .executable(name: "mingshi", targets: ["MingshiCLI"]),
        .executable(name: "console", targets: ["ConsoleApp"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-http2", from: "1.46.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        // Requests and responses in one type over HTTP/1.1 and HTTP/2 (with swift-nio-extras' NIOHTTPTypes codecs).
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-otel/swift-w3c-trace-context", from: "1.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.8.0"),
        // base64url for page tokens, session ids and JWS headers (jwt-kit already builds on it).
        .package(url: "https://github.com/swift-extras/swift-extras-base64", from: "1.2.0"),
        // The one CSV writer of the exports (RFC 4180 quoting).
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        // The test harness starts programs through swift-subprocess: Foundation's Process.run() in Swift 6.3.1 reads
        // past a buffer (swift-corelibs-foundation#5472) and crashed about one suite run in three here.
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        // The web console: routing, cookies, forms (Hummingbird 2) and server-side templates (swift-mustache).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // MARK: Protocols: the wire contract, no server code.
        .target(name: "JSONRPC", path: "Protocols/JSONRPC", swiftSettings: settings),
        // The programme's own vocabulary: cities, stages, levels, kinds, roles, the China-time calendar, the field
        // validators, the records every owner reports in, and the directory of the services and their ports.
        .target(name: "Programme", dependencies: ["JSONRPC"], path: "Protocols/Programme", swiftSettings: settings),
    ] + serviceNames.map(api) + [
        // MARK: Shared runtime.
        .target(
            name: "RPCServer",
            dependencies: [
                "JSONRPC", "Programme", "Auth",
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP2", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "W3CTraceContext", package: "swift-w3c-trace-context"),
            ] + nio,
            path: "Shared/RPCServer",
            swiftSettings: settings
        ),
        .target(
            name: "RPCClient",
            dependencies: [
                "JSONRPC",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "W3CTraceContext", package: "swift-w3c-trace-context"),
            ] + nio,
            path: "Shared/RPCClient",
            swiftSettings: settings
        ),
        .target(
            name: "Auth",
            dependencies: [
                "JSONRPC", "Programme", .product(name: "ExtrasBase64", package: "swift-extras-base64"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Shared/Auth",
            swiftSettings: settings
        ),
        // Where settings come from (flags, environment, a JSON file), for the services and the console alike.
        .target(
            name: "Settings",
            dependencies: [
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            path: "Shared/Settings",
            swiftSettings: settings
        ),
        .target(
            name: "ServiceKit",
            dependencies: [
                "JSONRPC", "RPCServer", "RPCClient", "Auth", "Programme", "Settings",
                .product(name: "ExtrasBase64", package: "swift-extras-base64"),
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            path: "Shared/ServiceKit",
            swiftSettings: settings
        ),
        .target(
            name: "RPCTesting",
            dependencies: [
                "JSONRPC", "Programme", "RPCServer", "RPCClient", "ServiceKit", "Auth",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            path: "Shared/RPCTesting",
            swiftSettings: settings
        ),
        .target(
            name: "PlatformTesting",
            dependencies: ["RPCTesting", "RPCClient", "JSONRPC", "Programme", "IdentityService", "IdentityAPI", "MembershipAPI"],
            path: "Shared/PlatformTesting",
            swiftSettings: settings
        ),
        .executableTarget(
            name: "MingshiCLI",
            dependencies: [
                "JSONRPC", "RPCClient", "Auth", "Programme",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                // The demo stand-in for the teacher-training system signs identity tokens.
                .product(name: "JWTKit", package: "jwt-kit"),
                // Files are named by their SHA-256 on upload.
                .product(name: "Crypto", package: "swift-crypto"),
                // The stand-in's sign-in page, for the console's single sign-on on a demo machine.
                .product(name: "Hummingbird", package: "hummingbird"),
            ] + serviceNames.map { .target(name: "\($0)API") },
            path: "Tools/MingshiCLI",
            swiftSettings: settings
        ),
        .testTarget(
            name: "JSONRPCTests",
            dependencies: ["JSONRPC", "Programme"] + serviceNames.map { .target(name: "\($0)API") },
            swiftSettings: settings
        ),
        .testTarget(
            name: "RPCServerTests",
            dependencies: [
                "RPCServer", "RPCClient", "RPCTesting", "ServiceKit", "Auth", "Programme", "MembershipAPI",
                .product(name: "W3CTraceContext", package: "swift-w3c-trace-context"),
            ] + nio,
            swiftSettings: settings
        ),
        // MARK: The web console: no programme data of its own; every page from the five services, as the signed-in person.
        .target(
            name: "ConsoleService",
            dependencies: [
                "RPCClient", "JSONRPC", "Programme", "IdentityAPI", "MembershipAPI", "AssessmentAPI", "ActivitiesAPI", "ResourcesAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdHTTP2", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ExtrasBase64", package: "swift-extras-base64"),
            ],
            path: "Services/Console/ConsoleService",
            swiftSettings: settings
        ),
        .executableTarget(
            name: "ConsoleApp",
            dependencies: [
                "ConsoleService", "Programme", "Settings", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Services/Console/ConsoleApp",
            swiftSettings: settings
        ),
        .testTarget(
            name: "EndToEndTests",
            // GRDB: a test changes a stopped service's store as only a repair could, to see a frozen run say so.
            dependencies: [
                "RPCClient", "JSONRPC", "Programme", "RPCTesting", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
                + serviceNames.map { .target(name: "\($0)API") }
                + serviceNames.map { .target(name: "\($0)App") } + ["MingshiCLI", "ConsoleApp"],
            swiftSettings: settings
        ),
    ]
        // Identity asks membership about a studio when a subject leader applies (R-APP-5…7) and adds the approved one
        // to its roster; membership asks identity who a teacher is. The two call each other at run time only: each
        // builds against the other's API module, never its service, so the manifest has no cycle.
        + service("Identity", calls: ["Membership"], extras: identityExtras, testExtras: identityExtras + ["RPCClient"])
        + service("Membership", calls: ["Identity"])
        + service("Resources", calls: ["Identity", "Membership"], extras: resourcesExtras, testExtras: fileTestExtras)
        + service("Activities", calls: ["Identity", "Membership", "Resources"], testExtras: fileTestExtras)
        + service("Assessment", calls: ["Identity", "Membership", "Resources", "Activities"])
)
