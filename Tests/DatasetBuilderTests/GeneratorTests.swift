import DatasetFormat
import Foundation
import JSONLines
import Testing
import Tokenizer
@testable import DatasetBuilder

@Suite struct GeneratorTests {
    static func generate(_ pattern: String = "ar-doc", lengths: [Int], count: Int = 2, seed: UInt64 = 5,
                         shard: (Int, Int) = (0, 1), jobs: Int = 1, depth: EvidenceDepth = .spread) throws -> [Instance] {
        let p = try #require(PatternRegistry.named(pattern))
        let generator = try DatasetGenerator(options: .init(pattern: p, count: count, seed: seed, lengths: lengths,
                                                            depth: depth, shard: shard, jobs: jobs))
        var out: [Instance] = []
        try generator.generate { out.append($0) }
        return out
    }

    static func evidenceText(_ instance: Instance, _ q: Question) -> [String] {
        q.evidence.map { e in
            String(decoding: Array(instance.chunks[e.chunk].text.utf8)[e.start..<e.end], as: UTF8.self)
        }
    }

    static let cases: [(String, Int)] = PatternRegistry.all.flatMap { p in [(p.name, 1_000), (p.name, 30_000)] }
        + [("ar-doc", 421_000), ("ttl-classify", 421_000)]

    @Test(arguments: cases)
    func hitsTheLengthAndPassesValidation(_ pattern: String, _ target: Int) throws {
        let instances = try Self.generate(pattern, lengths: [target], count: target > 100_000 ? 1 : 2)
        let chunkLimit = try #require(PatternRegistry.named(pattern)).defaultChunkTokens
        let validator = try DatasetValidator()
        for instance in instances {
            let longest = instance.chunks.map(\.tokens).max() ?? 0
            #expect(instance.stats.totalTokens == instance.chunks.reduce(0) { $0 + $1.tokens })
            let error = abs(instance.stats.totalTokens - target)
            #expect(error <= max(target / 200, 40), "total \(instance.stats.totalTokens) vs \(target)")
            #expect(instance.chunks.allSatisfy { $0.tokens <= chunkLimit } && longest > 0)
            #expect(instance.pattern == pattern && !instance.questions.isEmpty)
            #expect(validator.check(instance).isEmpty, "\(validator.check(instance))")
            for q in instance.questions where !q.abstain {
                let spans = Self.evidenceText(instance, q)
                let separator: Character = q.metric == "booksum" ? "," : ";"
                for keyword in q.answers[0].split(separator: separator) {
                    let k = keyword.trimmingCharacters(in: .whitespaces)
                    #expect(spans.contains { $0.contains(k) }, "\(q.id): \(k)")
                }
            }
            #expect(instance.questions.allSatisfy { $0.abstain == $0.answers.isEmpty })
        }
    }

    @Test(arguments: PatternRegistry.all.map(\.name))
    func nestedSweepsKeepQuestionsAndEvidence(_ pattern: String) throws {
        let instances = try Self.generate(pattern, lengths: [8_000, 16_000, 32_000], count: 1)
        #expect(instances.count == 3)
        let base = instances[0]
        for instance in instances.dropFirst() {
            #expect(instance.questions.map(\.question) == base.questions.map(\.question))
            #expect(instance.questions.map(\.answers) == base.questions.map(\.answers))
            for (q, q0) in zip(instance.questions, base.questions) {
                #expect(Self.evidenceText(instance, q) == Self.evidenceText(base, q0))
            }
            #expect(instance.stats.totalTokens > base.stats.totalTokens)
        }
    }

    @Test func depthPlacesTheEvidence() throws {
        let early = try Self.generate(lengths: [30_000], count: 1, depth: .at(0))[0]
        let late = try Self.generate(lengths: [30_000], count: 1, depth: .at(1))[0]
        #expect(early.questions.allSatisfy { $0.evidence[0].chunk == 0 })
        #expect(late.questions.allSatisfy { $0.evidence[0].chunk == late.chunks.count - 1 })
    }

    func bytes(_ instances: [Instance]) -> [UInt8] {
        var out: [UInt8] = []
        for i in instances { i.json.serialize(into: &out); out.append(0x0A) }
        return out
    }

    /// With several workers generating ahead, instances still reach the sink in order; a failed instance or a failed
    /// write ends the run with that error (no hang, nothing handed on after it).
    @Test(arguments: [1, 2, 3])
    func failuresStopTheRunInOrder(jobs: Int) throws {
        let p = try #require(PatternRegistry.named("ar-doc"))
        let tooShort = try DatasetGenerator(options: .init(pattern: p, count: 20, seed: 1, lengths: [1], jobs: jobs))
        var handed = 0
        #expect(throws: BuildError.self) { try tooShort.generate { _ in handed += 1 } }
        #expect(handed == 0)
        // At 100 tokens some instances fit and some do not: the run hands on exactly those before the first failure.
        func handedBeforeFailure(_ jobs: Int) throws -> Int {
            let mixed = try DatasetGenerator(options: .init(pattern: p, count: 20, seed: 1, lengths: [100], jobs: jobs))
            var handed = 0
            #expect(throws: BuildError.self) { try mixed.generate { _ in handed += 1 } }
            return handed
        }
        let serial = try handedBeforeFailure(1)
        #expect(serial > 0 && serial < 20)
        #expect(try handedBeforeFailure(jobs) == serial)

        struct SinkFull: Error {}
        let generator = try DatasetGenerator(options: .init(pattern: p, count: 30, seed: 1, lengths: [2_000],
                                                            jobs: jobs))
        var ids: [String] = []
        #expect(throws: SinkFull.self) {
            try generator.generate { instance in
                if ids.count == 3 { throw SinkFull() }
                ids.append(instance.id)
            }
        }
        #expect(ids == ["ar-doc-1-0", "ar-doc-1-1", "ar-doc-1-2"])
    }

    /// `--gzip-level` changes the compressed bytes (and the manifest's SHA-256 of them), never the instances.
    @Test func gzipLevelChangesOnlyTheCompression() throws {
        let p = try #require(PatternRegistry.named("ar-doc"))
        let options = DatasetGenerator.Options(pattern: p, count: 3, seed: 8, lengths: [4_000])
        let instances = try Self.generate("ar-doc", lengths: [4_000], count: 3, seed: 8)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gzip-level-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var files: [[UInt8]] = []
        for level in [1, 9] {
            let path = directory.appendingPathComponent("l\(level).jsonl.gz").path
            let writer = try DatasetWriter(path: path, gzipLevel: level)
            for instance in instances { try writer.write(instance) }
            let manifest = try writer.close(options: options, commandLine: ["test"])
            files.append(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
            #expect(manifest["file"]?["sha256"]?.stringValue == (try SHA256.file(path: path)))
            let reader = try InstanceReader(path: path)
            var read: [Instance] = []
            while let (instance, _) = try reader.next() { read.append(instance) }
            #expect(bytes(read) == bytes(instances), "level \(level)")
        }
        #expect(files[0] != files[1])
    }

    @Test(arguments: PatternRegistry.all.map(\.name))
    func sameSeedSameBytesAcrossJobsAndShards(_ pattern: String) throws {
        let one = try Self.generate(pattern, lengths: [4_000], count: 6, seed: 11)
        var digest = SHA256()
        digest.update(bytes(one))
        let again = try Self.generate(pattern, lengths: [4_000], count: 6, seed: 11, jobs: 3)
        var digest2 = SHA256()
        digest2.update(bytes(again))
        #expect(digest.finalizeHex() == digest2.finalizeHex())
        var sharded: [Instance] = []
        for i in 0..<4 { sharded += try Self.generate(pattern, lengths: [4_000], count: 6, seed: 11, shard: (i, 4)) }
        #expect(bytes(sharded) == bytes(one))
        #expect(bytes(try Self.generate(pattern, lengths: [4_000], count: 6, seed: 12)) != bytes(one))
    }

    @Test func validateCatchesPlantedProblems() throws {
        let validator = try DatasetValidator()
        var instance = try Self.generate(lengths: [4_000], count: 1)[0]
        #expect(validator.check(instance).isEmpty)
        // A leak: a distractor sentence pairing the first subject with another value of the attribute.
        let check = try #require(instance.metadata["leak_checks"]?.arrayValue?.first)
        let subject = try #require(check["subject"]?.stringValue)
        let other = try #require(check["other_values"]?.arrayValue?.first?.stringValue)
        var leaky = instance
        let last = leaky.chunks.count - 1
        leaky.chunks[last].text += " \(subject) once mentioned \(other)."
        let problems = validator.check(leaky)
        #expect(problems.contains { $0.contains("leak") })
        #expect(problems.contains { $0.contains("tokens") })  // the text changed, the count did not
        // A wrong token count.
        instance.chunks[0].tokens += 1
        #expect(validator.check(instance).contains { $0.contains("chunk 0 says") })
        // A duplicate id, through a file.
        let dir = NSTemporaryDirectory() + "memkit-validate-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let clean = try Self.generate(lengths: [4_000], count: 1)[0]
        let writer = try InstanceWriter(path: dir + "/dup.jsonl.gz")
        try writer.write(clean)
        try writer.write(clean)
        try writer.close()
        let (fileProblems, count) = validator.validate(path: dir + "/dup.jsonl.gz")
        #expect(count == 2)
        #expect(fileProblems.count == 1 && fileProblems[0].message.contains("duplicate id"))
        #expect(fileProblems[0].line == 2)
    }

    @Test func refusesATargetSmallerThanTheEvidence() throws {
        let pattern = ArDocPattern()
        let plan = pattern.plan(seed: 1, number: 0, budget: 30_000)
        let assembler = try InstanceAssembler()
        #expect(throws: BuildError.self) {
            try assembler.assemble(pattern: pattern, plan: plan, seed: 1, number: 0, target: 200, chunkTokens: 2048,
                                   depth: .spread, id: "x")
        }
    }

    @Test func smallTargetsAskFewerQuestions() throws {
        let small = try Self.generate("cr-updates", lengths: [1_000], count: 1)[0]
        let large = try Self.generate("cr-updates", lengths: [30_000], count: 1)[0]
        #expect(small.questions.count < large.questions.count && !small.questions.isEmpty)
    }

    @Test func datesAdvanceCorrectly() {
        #expect(ChunkWrapper.date(daysAfterStart: 0) == "2024-01-01")
        #expect(ChunkWrapper.date(daysAfterStart: 59) == "2024-02-29")
        #expect(ChunkWrapper.date(daysAfterStart: 366) == "2025-01-01")
    }
}
