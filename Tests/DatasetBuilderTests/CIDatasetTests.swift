import DatasetFormat
import Foundation
import JSONLines
import Testing
@testable import DatasetBuilder

/// The committed datasets in datasets/ci/ are pinned outputs: each must validate, and regenerating it from its
/// manifest's parameters must give the same instances, byte for byte (scripts/make_ci_datasets.sh rebuilds them).
@Suite struct CIDatasetTests {
    static let directory: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path + "/datasets/ci"
    }()

    static func files() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".jsonl.gz") }.sorted()
    }

    @Test func everyPatternHasACIDataset() {
        let names = Set(Self.files())
        for pattern in PatternRegistry.all { #expect(names.contains("\(pattern.name)-8k.jsonl.gz"), "\(pattern.name)") }
    }

    @Test(arguments: files())
    func regeneratesIdentically(_ name: String) throws {
        let path = Self.directory + "/" + name
        let manifest = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: path + ".manifest.json"))))
        let parameters = try #require(manifest["parameters"])
        let pattern = try #require(PatternRegistry.named(parameters["pattern"]?.stringValue ?? ""))
        let lengths = (parameters["lengths"]?.arrayValue ?? []).compactMap { $0.intValue.map(Int.init) }
        let depth = parameters["depth"]?.stringValue.flatMap(EvidenceDepth.init(argument:))
            ?? parameters["depth"]?.doubleValue.map { EvidenceDepth.at($0) } ?? .spread
        let options = DatasetGenerator.Options(
            pattern: pattern, count: Int(parameters["count"]?.intValue ?? 0),
            seed: UInt64(manifest["seed"]?.intValue ?? 0), lengths: lengths,
            chunkTokens: Int(parameters["chunk_tokens"]?.intValue ?? 2048), depth: depth)
        var regenerated: [[UInt8]] = []
        try DatasetGenerator(options: options).generate { regenerated.append($0.json.jsonBytes) }
        var stored: [[UInt8]] = []
        let reader = try JSONLinesReader(path: path)
        while let line = try reader.next() { stored.append(line.bytes) }
        #expect(stored.count == regenerated.count)
        #expect(stored == regenerated, "\(name) no longer regenerates identically; run scripts/make_ci_datasets.sh")
        let (problems, count) = try DatasetValidator().validate(path: path)
        #expect(problems.isEmpty, "\(problems)")
        #expect(count == stored.count)
    }
}
