import DatasetFormat
import JSONLines
import Testing
@testable import DatasetBuilder

/// The bytes of every pattern's output, at a fixed seed and two lengths, are pinned: a change in any of them is a
/// change of the generator that must bump `DatasetGenerator.version` and update these hashes in the same commit.
/// The pins were taken from `mkdataset --pattern P --lengths 2k,6k --count 3 --seed 42 -o - | sha256sum`, so the
/// library and the command line agree, and they hold for --jobs 1, --jobs 2 and a sharded run.
@Suite struct DeterminismTests {
    static let pins: [String: String] = [
        "ar-doc": "06a0d4fe61bcc14872bf4a4831c24dd12e43ca8b272b8ea46bb20cf0d408f12d",
        "ar-multihop": "7628c98043103389f549e63fd9ad58174aaa59cb4fe94119920f98eb0aaf0631",
        "ar-persona": "9b893b60355afbd8e8a21aad53d1bcf814bb23d7cb28a0b66e870f39ad89f023",
        "ar-sessions": "a9d695b0844a474e81dfd58af91853f5f2a4d966aafd4ab04d596959fef16037",
        "ttl-classify": "84d6b41e65e29687f8ae2e8d5449f6a5dd5b30e15ae0a8a1ece9497254a1b13b",
        "lru-book": "4254a46eeaf92161c3c000d7be94a298eadc36dd898f6327c78838658dbd302a",
        "cr-updates": "997330de14417c0009947af950ca18430dd24e882e6b8a03a2f9cf53ab5dc2b6",
    ]

    static func sha(_ instances: [Instance]) -> String {
        var out: [UInt8] = []
        for i in instances { i.json.serialize(into: &out); out.append(0x0A) }
        var digest = SHA256()
        digest.update(out)
        return digest.finalizeHex()
    }

    @Test func everyPatternIsPinned() {
        #expect(Set(Self.pins.keys) == Set(PatternRegistry.all.map(\.name)))
    }

    @Test(arguments: PatternRegistry.all.map(\.name))
    func outputMatchesItsPin(_ pattern: String) throws {
        let lengths = [2_000, 6_000]
        let pin = try #require(Self.pins[pattern])
        #expect(Self.sha(try GeneratorTests.generate(pattern, lengths: lengths, count: 3, seed: 42)) == pin, "jobs 1")
        #expect(Self.sha(try GeneratorTests.generate(pattern, lengths: lengths, count: 3, seed: 42, jobs: 2)) == pin,
                "jobs 2")
        var sharded: [Instance] = []
        for i in 0..<3 {
            sharded += try GeneratorTests.generate(pattern, lengths: lengths, count: 3, seed: 42, shard: (i, 3))
        }
        #expect(Self.sha(sharded) == pin, "3 shards")
    }

    /// The files are written by `Instance.serialize(into:)` straight from the fields; the pins hash the `JSONValue`
    /// tree's text. Both must be the same bytes for every pattern.
    @Test(arguments: PatternRegistry.all.map(\.name))
    func directSerializationIsTheTreesText(_ pattern: String) throws {
        for instance in try GeneratorTests.generate(pattern, lengths: [2_000, 6_000], count: 2, seed: 42) {
            var direct: [UInt8] = []
            instance.serialize(into: &direct)
            #expect(direct == instance.json.jsonBytes, "\(instance.id)")
        }
    }
}
