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
        module("Curl", ["CCurl"]),

        // Domain modules.
        module("Delivery", ["Curl"]),

        // Tests.
        tests("DeliveryTests", ["Delivery", "Curl"]),

        // Benchmarks (not timed tests): see BENCHMARKS.md.
        .executableTarget(name: "bench-delivery", dependencies: ["Delivery"], path: "bench/delivery", exclude: ["run.sh", "reference"], swiftSettings: strict),

        // Executables.
        .executableTarget(name: "booknowd", dependencies: [], swiftSettings: strict),
        .executableTarget(name: "booknowctl", dependencies: [], swiftSettings: strict),
    ]
)
