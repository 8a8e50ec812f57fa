// swift-tools-version: 6.1
import PackageDescription

/// Every Swift target gets the same strictness (STYLE.md, "Layout").
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

func module(_ name: String, _ deps: [Target.Dependency] = [], resources: [Resource]? = nil) -> Target {
    .target(name: name, dependencies: deps, resources: resources, swiftSettings: strict)
}

func tests(_ name: String, _ deps: [Target.Dependency]) -> Target {
    .testTarget(name: name, dependencies: deps, swiftSettings: strict)
}

let package = Package(
    name: "BookNow",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "booknowd", targets: ["booknowd"]),
        .executable(name: "booknowctl", targets: ["booknowctl"]),
    ],
    targets: [
        // C libraries from Debian: a modulemap and a shim header each.
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CMicroHTTPD", pkgConfig: "libmicrohttpd", providers: [.apt(["libmicrohttpd-dev"])]),
        .systemLibrary(name: "CLibCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),

        // Thin owners of the C libraries: each is the only importer of its C module.
        module("Postgres", ["CLibPQ"]),
        module("HTTPServer", ["CMicroHTTPD"]),
        module("Crypto", ["CLibCrypto"]),

        // The database schema: numbered SQL migrations embedded in the binaries.
        module("Schema", ["Postgres"], resources: [.embedInCode("Migrations")]),

        // Pure domain modules: no I/O beyond reading template files.
        module("SMSText"),
        module("Templates", ["SMSText"]),

        // The jobs table and its worker: knows no job kind.
        module("Queue", ["Postgres"]),

        // Executables.
        .executableTarget(name: "booknowd", dependencies: ["Postgres", "Schema"], swiftSettings: strict),
        .executableTarget(name: "booknowctl", dependencies: ["Postgres", "Schema"], swiftSettings: strict),

        // Benchmarks: run with `swift run -c release bench-templates`.
        .executableTarget(name: "bench-templates", dependencies: ["Templates"], path: "bench/templates", swiftSettings: strict),
        // Run with bench/queue/run.sh, which starts its own PostgreSQL cluster.
        .executableTarget(name: "bench-queue", dependencies: ["Queue", "Postgres"], path: "bench/queue", exclude: ["run.sh", "ceiling"], swiftSettings: strict),

        // Shared by the test targets: throwaway databases, peers, threads.
        module("TestSupport", ["Postgres", "Schema"]),

        tests("PostgresTests", ["Postgres", "Schema", "TestSupport"]),
        tests("HTTPServerTests", ["HTTPServer"]),
        tests("CryptoTests", ["Crypto"]),
        tests("QueueTests", ["Queue", "Postgres", "Schema", "TestSupport"]),
        // The Mustache spec suites are fixtures copied verbatim from mustache/spec.
        .testTarget(
            name: "TemplatesTests",
            dependencies: ["Templates", "SMSText"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
    ]
)
