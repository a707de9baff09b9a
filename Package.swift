// swift-tools-version:6.0
// memkit: data and measurement tools for LLM memory agents. Layering is described in ARCHITECTURE.md.
import PackageDescription

let swiftSettings: [SwiftSetting] = []

let package = Package(
    name: "memkit",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "mkdataset", targets: ["mkdataset"]),
        .executable(name: "evalmem", targets: ["evalmem"]),
        .library(name: "JSONLines", targets: ["JSONLines"]),
        .library(name: "Tokenizer", targets: ["Tokenizer"]),
        .library(name: "DatasetFormat", targets: ["DatasetFormat"]),
        .library(name: "MemorySim", targets: ["MemorySim"]),
        .library(name: "DatasetBuilder", targets: ["DatasetBuilder"]),
        .library(name: "Evaluator", targets: ["Evaluator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Layer 0: system C libraries.
        .systemLibrary(
            name: "CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        .systemLibrary(
            name: "CDeflate", pkgConfig: "libdeflate",
            providers: [.apt(["libdeflate-dev"]), .brew(["libdeflate"])]),
        .systemLibrary(
            name: "CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]),
        // The C library's mremap (declared only with _GNU_SOURCE), for RawStorage; header only.
        .systemLibrary(name: "CSystem"),
        // Layer 1.
        .target(name: "JSONLines", dependencies: ["CZlib", "CDeflate"], swiftSettings: swiftSettings),
        .target(
            name: "Tokenizer", dependencies: ["CDeflate", "CSystem"],
            resources: [.copy("Resources/o200k_base.tiktoken.gz"), .copy("Resources/cl100k_base.tiktoken.gz")],
            swiftSettings: swiftSettings),
        // Layer 2.
        .target(name: "DatasetFormat", dependencies: ["JSONLines"], swiftSettings: swiftSettings),
        .target(name: "MemorySim", dependencies: ["Tokenizer", "JSONLines"], swiftSettings: swiftSettings),
        // Layer 3.
        .target(
            name: "DatasetBuilder", dependencies: ["DatasetFormat", "JSONLines", "Tokenizer"],
            swiftSettings: swiftSettings),
        .target(
            name: "Evaluator", dependencies: ["MemorySim", "DatasetFormat", "JSONLines", "Tokenizer", "CSQLite"],
            swiftSettings: swiftSettings),
        // Layer 4: command-line tools.
        .executableTarget(
            name: "mkdataset",
            dependencies: [
                "DatasetBuilder", "DatasetFormat", "JSONLines", "Tokenizer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "evalmem",
            dependencies: [
                "Evaluator", "MemorySim", "DatasetFormat", "JSONLines",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings),
        // Benchmarks (run by scripts/bench/*.sh, never by `swift test`).
        .executableTarget(
            name: "memkit-bench",
            dependencies: ["JSONLines", "DatasetFormat", "DatasetBuilder", "Tokenizer", "MemorySim", "Evaluator"],
            path: "Benchmarks/memkit-bench",
            swiftSettings: swiftSettings),
        // Tests mirror the modules.
        .testTarget(name: "JSONLinesTests", dependencies: ["JSONLines"], resources: [.copy("Fixtures")]),
        .testTarget(name: "TokenizerTests", dependencies: ["Tokenizer", "JSONLines"], resources: [.copy("Fixtures")]),
        .testTarget(name: "DatasetFormatTests", dependencies: ["DatasetFormat", "JSONLines"]),
        .testTarget(name: "MemorySimTests", dependencies: ["MemorySim", "JSONLines", "Tokenizer"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "DatasetBuilderTests", dependencies: ["DatasetBuilder", "DatasetFormat", "JSONLines", "Tokenizer"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "EvaluatorTests", dependencies: ["Evaluator", "DatasetBuilder", "JSONLines"], resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v6]
)
