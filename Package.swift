// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "osconf2seed",
    products: [
        .executable(name: "osconf2seed", targets: ["osconf2seed"]),
        .library(name: "OSConfKit", targets: ["OSConfKit"]),
    ],
    targets: [
        .target(
            name: "OSConfTemplates",
            path: "Templates",
            resources: [
                .embedInCode("osconf2seed.service"),
                .embedInCode("osconf2seed.sysvinit"),
                .embedInCode("osconf2seed.openrc"),
                .embedInCode("osconf2seed.cloudcfg"),
                .embedInCode("osconf2seed-mac-map"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // System calls Swift cannot make directly (openat2 through syscall(2)) and the
        // process-start hooks: C, the project's own.
        .target(name: "CShim", path: "Sources/CShim"),
        .target(
            name: "OSConfKit",
            dependencies: ["OSConfTemplates", "CShim"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "osconf2seed",
            dependencies: ["OSConfKit"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .testTarget(
            name: "OSConfKitTests",
            dependencies: ["OSConfKit"],
            // Golden files, read by path at test time (Support/TestPaths.swift), not resources.
            exclude: ["Snapshots"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
