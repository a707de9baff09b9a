import DatasetFormat
import Foundation
import JSONLines
import MemorySim
import Testing
import DatasetBuilder
@testable import Evaluator

/// Baselines on the committed CI datasets, Mem-α run import, and the transcript/dataset checks.
@Suite struct EvaluationTests {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static let ciDatasets: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: root + "/datasets/ci")) ?? [])
        .filter { $0.hasSuffix(".jsonl.gz") }.sorted()

    static func temporary(_ name: String) -> String {
        let dir = NSTemporaryDirectory() + "memkit-eval-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir + "/" + name
    }

    static func inContext(_ report: EvaluationReport, _ agent: String) -> Double? {
        report.groups.first { $0.agent == agent && $0.dimension == "all" }?.answerInContext?.mean
    }

    @Test(arguments: ciDatasets)
    func baselinesAreOrdered(_ name: String) throws {
        let report = try Evaluation.run(transcript: nil, datasetPath: Self.root + "/datasets/ci/" + name)
        let score = { (agent: Baseline) in Self.inContext(report, agent.rawValue) ?? -1 }
        #expect(score(.oracle) == 1, "oracle")
        #expect(score(.storeAll) >= score(.bm25RAG), "store-all ≥ bm25-rag")
        #expect(score(.bm25RAG) >= score(.noMemory), "bm25-rag ≥ no-memory")
        #expect(score(.noMemory) == 0, "no-memory")
        // Every CI instance is shorter than the 30k window.
        #expect(score(.longContext) == 1, "long-context below its window")
    }

    @Test func outputDoesNotDependOnJobs() throws {
        var options = EvaluationOptions()
        var outputs: Set<[UInt8]> = []
        for jobs in [1, 2, 5] {
            options.jobs = jobs
            let report = try Evaluation.run(transcript: nil, datasetPath: Self.root + "/datasets/ci/ar-doc-sweep.jsonl.gz",
                                            options: options)
            outputs.insert(report.json(perInstance: true).jsonBytes)
        }
        #expect(outputs.count == 1)
    }

    @Test func longContextFallsAboveItsWindow() throws {
        var options = EvaluationOptions()
        options.baselines = [.longContext]
        var total = 0.0
        for name in Self.ciDatasets where name.hasSuffix("-8k.jsonl.gz") {
            var wide = options
            wide.baselineOptions = Baseline.Options(window: 30_000)
            options.baselineOptions = Baseline.Options(window: 3_000)
            let narrow = try Evaluation.run(transcript: nil, datasetPath: Self.root + "/datasets/ci/" + name,
                                            options: options)
            let full = try Evaluation.run(transcript: nil, datasetPath: Self.root + "/datasets/ci/" + name, options: wide)
            let n = try #require(Self.inContext(narrow, "long-context"))
            #expect(n <= (Self.inContext(full, "long-context") ?? -1), "\(name)")
            total += n
        }
        #expect(total < Double(Self.ciDatasets.count - 1) - 1, "falls well below 1 on average: \(total)")
        // Memory never holds more than the window (whole chunks).
        let report = try Evaluation.run(transcript: nil, datasetPath: Self.root + "/datasets/ci/ar-doc-8k.jsonl.gz",
                                        options: options)
        #expect(report.instances.allSatisfy { $0.memoryTokens <= 3_000 + 2_048 })
    }

    @Test func baselineTranscriptsReplayToTheSameScores() throws {
        let dataset = Self.root + "/datasets/ci/ar-persona-8k.jsonl.gz"
        let direct = try Evaluation.run(transcript: nil, datasetPath: dataset)
        for baseline in [Baseline.bm25RAG, .longContext, .oracle] {
            let path = Self.temporary("t.jsonl.gz")
            try Transcript.baseline(baseline, datasetPath: dataset).write(path: path)
            var options = EvaluationOptions()
            options.baselines = []
            let replayed = try Evaluation.run(transcript: try Transcript.read(path: path), datasetPath: dataset,
                                              options: options)
            #expect(Self.inContext(replayed, baseline.rawValue) == Self.inContext(direct, baseline.rawValue))
        }
    }

    @Test func importedMemAlphaRunReproducesItsAgentState() throws {
        let fixture = try #require(Bundle.module.url(forResource: "memalpha-run", withExtension: nil,
                                                     subdirectory: "Fixtures")).path
        let out = Self.temporary("t.jsonl")
        let dataset = Self.temporary("d.jsonl.gz")
        let summary = try MemAlphaImport.importRuns(directory: fixture, transcriptPath: out, datasetPath: dataset,
                                                    agent: "memalpha")
        #expect(summary.runs == 2 && summary.calls == 15)
        #expect(summary.resultMismatches == 0)
        #expect(summary.unchecked == 0)
        #expect(summary.stateDifferences.isEmpty, "\(summary.stateDifferences)")
        var options = EvaluationOptions()
        options.baselines = []
        let report = try Evaluation.run(transcript: try Transcript.read(path: out), datasetPath: dataset,
                                        options: options)
        let squad = try #require(report.instances.first { $0.dataSource == "squad" })
        #expect(squad.questions.map { $0.score?.value } == [1, 1, 0])
        #expect(squad.questions.map(\.answerInContext) == [1, 1, 1])
        #expect(squad.toolCalls == 12 && squad.toolSuccesses == 10)
        #expect(report.problemCounts == ["unknown_memory_id": 1, "unknown_tool": 1])
        let book = try #require(report.instances.first { $0.dataSource == "booksum" })
        #expect(book.questions[0].score == .scored(0.75))
    }

    @Test func aTranscriptForAnotherDatasetIsRefused() throws {
        let dataset = Self.root + "/datasets/ci/ar-doc-8k.jsonl.gz"
        var transcript = try Transcript.baseline(.storeAll, datasetPath: dataset)
        transcript.header.datasetSHA256 = String(repeating: "0", count: 64)
        #expect(throws: EvaluationError.self) { try Evaluation.run(transcript: transcript, datasetPath: dataset) }
        do {
            _ = try Evaluation.run(transcript: transcript, datasetPath: dataset)
        } catch {
            #expect(error.code == .mismatch && error.exitCode == 1)
        }
        transcript.header.datasetSHA256 = nil
        transcript.scripts.append(Transcript.Script(instance: "not-in-the-dataset"))
        do {
            _ = try Evaluation.run(transcript: transcript, datasetPath: dataset)
            Issue.record("an unknown instance must be refused")
        } catch {
            #expect(error.code == .mismatch && error.instance == "not-in-the-dataset")
        }
    }

    @Test func readsModelOutputAndRequiresAHeader() throws {
        let path = Self.temporary("raw.jsonl")
        let lines = [
            #"{"type":"header","schema":"memkit.transcript/1","agent":"raw","dataset":{}}"#,
            #"{"type":"model_output","instance":"i0","chunk":0,"text":"ok\n✿FUNCTION✿: new_memory_insert\n✿ARGS✿: {\"memory_type\": \"semantic_memory\", \"content\": \"Ama moved to Kesh\"}\n✿FUNCTION✿: memory_delete\n✿ARGS✿: {'memory_type': 'semantic_memory', 'memory_id': 'zz',}"}"#,
        ]
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let t = try Transcript.read(path: path)
        #expect(t.scripts.count == 1 && t.scripts[0].actions.count == 2)
        try (lines[1] + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try Transcript.read(path: path)
            Issue.record("a transcript without a header must be refused")
        } catch {
            #expect(error.code == .invalid && error.line == 1)
        }
    }

    @Test func insertedIdsComeFromLoggedResults() {
        #expect(Transcript.insertedId(fromResult: "[tool new_memory_insert executed successfully] → {'status': 'ok', "
            + "'new_memory': {'3f9a': 'x'}}") == "3f9a")
        #expect(Transcript.insertedId(fromResult: "[tool new_memory_insert error] Unexpected error: ") == nil)
    }

    @Test func bootstrapIsDeterministicAndBracketsTheMean() throws {
        let values = (0..<40).map { Double($0 % 7) / 6 }
        let a = try #require(Aggregation.estimate(values, samples: 500, seed: 9))
        let b = try #require(Aggregation.estimate(values, samples: 500, seed: 9))
        #expect(a == b)
        #expect(a.low < a.mean && a.mean < a.high)
        #expect(Aggregation.estimate([0.5], seed: 1) == Estimate(mean: 0.5, low: 0.5, high: 0.5))
        #expect(Aggregation.estimate([], seed: 1) == nil)
    }

    @Test func lengthBuckets() {
        let b = LengthBuckets()
        #expect(b.label(8_000) == "30k" && b.label(45_000) == "64k" && b.label(421_000) == "400k+")
        #expect(b.label(1_000_000) == "400k+" && b.label(300_000) == "256k")
        #expect(LengthBuckets(parsing: "8k,1m")?.centres == [8_000, 1_000_000])
        #expect(LengthBuckets(parsing: "x") == nil)
        #expect(Aggregation.precedes("squad@8k", "squad@16k+") && Aggregation.precedes("a@64k", "b@8k"))
    }
}

@Suite struct ImportedDataEvaluationTests {
    @Test(arguments: [("longmemeval", ImportSource.longmemeval), ("locomo", .locomo)])
    func baselinesRunOnImportedData(_ name: String, _ source: ImportSource) throws {
        let fixture = EvaluationTests.root + "/Tests/DatasetBuilderTests/Fixtures/\(name).json"
        let dataset = EvaluationTests.temporary("\(name).jsonl.gz")
        let writer = try InstanceWriter(path: dataset)
        for instance in try source.importFile(path: fixture).instances { try writer.write(instance) }
        try writer.close()
        let report = try Evaluation.run(transcript: nil, datasetPath: dataset)
        let score = { (b: Baseline) in EvaluationTests.inContext(report, b.rawValue) ?? -1 }
        #expect(score(.storeAll) >= score(.bm25RAG) && score(.bm25RAG) >= score(.noMemory) && score(.noMemory) == 0)
        #expect(score(.storeAll) > 0)
        let transcript = try Transcript.baseline(.oracle, datasetPath: dataset)
        #expect(!transcript.scripts.isEmpty)
    }
}
