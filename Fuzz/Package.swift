// swift-tools-version:6.0
// libFuzzer targets for memkit, kept out of the main build. Build and run them with Fuzz/run.sh
// (swift build -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library).
import PackageDescription

let targets = ["fuzz-jsonl", "fuzz-json", "fuzz-instance", "fuzz-transcript", "fuzz-memory", "fuzz-tokenizer"]

let package = Package(
    name: "memkit-fuzz",
    dependencies: [.package(path: "deps/memkit")],  // a link to the repository root, so the identity is memkit
    targets: [.target(name: "FuzzDriver", path: "Sources/FuzzDriver")] + targets.map { name in
        .executableTarget(
            name: name,
            dependencies: [
                "FuzzDriver",
                .product(name: "JSONLines", package: "memkit"), .product(name: "Tokenizer", package: "memkit"),
                .product(name: "DatasetFormat", package: "memkit"), .product(name: "MemorySim", package: "memkit"),
                .product(name: "Evaluator", package: "memkit"),
            ],
            path: "Sources/\(name)")
    },
    swiftLanguageModes: [.v6]
)
