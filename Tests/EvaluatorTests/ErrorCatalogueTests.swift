import DatasetFormat
import Foundation
import JSONLines
import MemorySim
import Testing
@testable import Evaluator

/// One test per row of docs/errors.md: the real commands on bad input, their exit codes and messages.
@Suite struct ErrorCatalogueTests {
    static let dataset = EvaluationTests.root + "/datasets/ci/ar-doc-8k.jsonl.gz"
    static let instanceId = "ar-doc-20261125-0"

    static func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = EvaluationTests.temporary(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func firstInstance() throws -> [String: Any] {
        let reader = try JSONLinesReader(path: dataset)
        let line = try #require(try reader.next())
        return try #require(try JSONSerialization.jsonObject(with: Data(line.bytes)) as? [String: Any])
    }

    static func jsonLines(_ objects: [[String: Any]]) throws -> [UInt8] {
        var out: [UInt8] = []
        for o in objects { out += Array(try JSONSerialization.data(withJSONObject: o)) + [0x0A] }
        return out
    }

    static func expect(_ r: (status: Int32, out: String, err: String), _ status: Int32, _ text: String,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.status == status, "exit \(r.status): \(r.err)", sourceLocation: sourceLocation)
        #expect((r.err + r.out).contains(text), "\(r.err)\(r.out)", sourceLocation: sourceLocation)
    }

    // MARK: Files

    @Test func e01MissingFile() throws {
        Self.expect(try Binaries.run("evalmem", ["summary", "/nonexistent/x.jsonl"]), 3, "cannot open for reading")
        Self.expect(try Binaries.run("mkdataset", ["validate", "/nonexistent/x.jsonl"]), 3, "[open_failed]")
    }

    @Test func e02TruncatedGzip() throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Self.dataset)))
        let path = try Self.file("t.jsonl.gz", Array(bytes.prefix(bytes.count / 2)))
        Self.expect(try Binaries.run("evalmem", ["summary", path]), 3, "[truncated_gzip]")
    }

    @Test func e03CorruptGzip() throws {
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Self.dataset)))
        bytes[bytes.count - 6] ^= 0xFF
        let path = try Self.file("c.jsonl.gz", bytes)
        Self.expect(try Binaries.run("evalmem", ["summary", path]), 3, "[corrupt_gzip]")
    }

    @Test func e04InvalidUTF8() throws {
        let path = try Self.file("u.jsonl", Array("{\"a\":\"".utf8) + [0xFF, 0xFE] + Array("\"}\n".utf8))
        Self.expect(try Binaries.run("evalmem", ["summary", path]), 3, ":1: invalid UTF-8")
    }

    @Test func e05MalformedJSON() throws {
        let path = try Self.file("m.jsonl", Array("{\"a\": [1, 2,, 3]}\n".utf8))
        Self.expect(try Binaries.run("evalmem", ["summary", path]), 3, ":1: unexpected character ',' where a value "
            + "was expected at column 13 [malformed_json]")
    }

    @Test func e06LineOverTheLimit() throws {
        let path = try Self.file("l.jsonl", Array("{\"a\": \"\(String(repeating: "x", count: 5000))\"}\n".utf8))
        let reader = try JSONLinesReader(path: path, maxLineBytes: 1000)
        do {
            _ = try reader.nextValue()
            Issue.record("a line over the limit was read")
        } catch {
            #expect(error.code == .lineTooLong && error.line == 1)
            #expect(DatasetFormatError(error).description.contains("line is longer than the limit of 1000 bytes"))
        }
    }

    @Test func e07SchemaViolation() throws {
        var instance = try Self.firstInstance()
        var chunks = try #require(instance["chunks"] as? [[String: Any]])
        chunks[0]["tokens"] = "many"
        instance["chunks"] = chunks
        let path = try Self.file("s.jsonl", try Self.jsonLines([instance]))
        Self.expect(try Binaries.run("evalmem", ["summary", path]), 1,
                    ":1: instance '\(Self.instanceId)': field 'chunks[0].tokens': expected an integer, found string")
        Self.expect(try Binaries.run("mkdataset", ["validate", path]), 1, "chunks[0].tokens")
    }

    @Test func e08DuplicateIds() throws {
        let instance = try Self.firstInstance()
        let path = try Self.file("d.jsonl", try Self.jsonLines([instance, instance]))
        Self.expect(try Binaries.run("mkdataset", ["validate", path]), 1,
                    "line 2: instance '\(Self.instanceId)': duplicate id (first on line 1)")
    }

    // MARK: Transcript events

    /// Replays one instance whose events are `calls` (tool name and arguments) and returns its problem counts,
    /// checking that `--strict` turns any problem into exit 1.
    static func problems(_ calls: [(String, Any)], disabled: [String] = []) throws -> [String: Int] {
        var lines: [[String: Any]] = [
            ["type": "header", "schema": "memkit.transcript/1", "agent": "t", "dataset": [:] as [String: Any]],
            ["type": "instance", "instance": instanceId, "disabled": disabled],
        ]
        for (n, (name, arguments)) in calls.enumerated() {
            var line: [String: Any] = ["type": "tool_call", "instance": instanceId, "chunk": 0, "name": name,
                                       "arguments": arguments]
            if name == "new_memory_insert" { line["memory_id"] = n < 2 ? "m0" : "m\(n)" }
            lines.append(line)
        }
        let path = try file("t.jsonl", try jsonLines(lines))
        let plain = try Binaries.run("evalmem", [path, "--dataset", dataset, "--baselines", "none", "--json"])
        #expect(plain.status == 0, "\(plain.err)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(plain.out.utf8)) as? [String: Any])
        let counts = (report["problem_counts"] as? [String: Int]) ?? [:]
        let strict = try Binaries.run("evalmem", [path, "--dataset", dataset, "--baselines", "none", "--strict"])
        #expect(strict.status == (counts.isEmpty ? 0 : 1))
        return counts
    }

    static var sem: [String: Any] { ["memory_type": "semantic_memory", "content": "Ama lives in Kesh."] }

    @Test func e09UnknownTool() throws { #expect(try Self.problems([("forget_all", Self.sem)]) == ["unknown_tool": 1]) }

    @Test func e10MissingArgument() throws {
        #expect(try Self.problems([("new_memory_insert", ["memory_type": "semantic_memory"])]) == ["missing_argument": 1])
    }

    @Test func e11ExtraArgument() throws {
        var extra = Self.sem
        extra["importance"] = 3
        #expect(try Self.problems([("new_memory_insert", extra)]).isEmpty)
    }

    @Test func e12WrongType() throws {
        #expect(try Self.problems([("new_memory_insert", ["memory_type": 5, "content": "x"])]) == ["invalid_argument": 1])
    }

    @Test func e13BrokenJSON() throws {
        #expect(try Self.problems([("new_memory_insert", "no json here")]) == ["invalid_json": 1])
        #expect(try Self.problems([("new_memory_insert", "{'memory_type': 'semantic_memory', 'content': 'x',")]).isEmpty)
    }

    @Test func e14UnknownMemoryId() throws {
        let update: [String: Any] = ["memory_type": "semantic_memory", "memory_id": "zzzz", "new_content": "x"]
        let delete: [String: Any] = ["memory_type": "semantic_memory", "memory_id": "zzzz"]
        #expect(try Self.problems([("memory_update", update), ("memory_delete", delete)]) == ["unknown_memory_id": 1])
    }

    @Test func e15CollidingMemoryId() throws {
        let other: [String: Any] = ["memory_type": "semantic_memory", "content": "Bo lives in Tam."]
        #expect(try Self.problems([("new_memory_insert", Self.sem), ("new_memory_insert", other)])
            == ["colliding_memory_id": 1])
    }

    @Test func e16DisabledType() throws {
        #expect(try Self.problems([("new_memory_insert", Self.sem)], disabled: ["semantic"]) == ["disabled_memory_type": 1])
    }

    @Test func e17CoreOverTheCap() throws {
        let long = String(repeating: "Kesh harbour notes and more words. ", count: 200)
        #expect(try Self.problems([("memory_update", ["memory_type": "core_memory", "new_content": long])]).isEmpty)
        var memory = try Memory()
        _ = memory.execute(ToolCall(name: "memory_update", arguments: ["memory_type": "core_memory",
                                                                         "new_content": .string(long)]))
        #expect(memory.core?.hasSuffix(Memory.truncationMarker) == true)
        #expect(memory.totalTokens <= 512)
    }

    // MARK: Content

    @Test func e18SpecialTokenText() throws {
        var script = Transcript.Script(instance: "i0")
        script.actions = [insert(0, "semantic_memory", "a <|endoftext|> b")]
        let instance = makeInstance(questions: [])
        let normal = try Replay.run(script, instance: instance, specialTokenTextCountsZero: false)
        let quirk = try Replay.run(script, instance: instance, specialTokenTextCountsZero: true)
        #expect(normal.memory.totalTokens > 0 && quirk.memory.totalTokens == 0)
    }

    @Test func e19EmptyChunk() throws {
        var instance = try Self.firstInstance()
        var chunks = try #require(instance["chunks"] as? [[String: Any]])
        let removed = try #require(chunks[1]["tokens"] as? Int)
        chunks[1]["text"] = ""
        chunks[1]["tokens"] = 0
        var stats = try #require(instance["stats"] as? [String: Any])
        stats["total_tokens"] = (stats["total_tokens"] as? Int ?? 0) - removed
        instance["stats"] = stats
        instance["chunks"] = chunks
        instance["questions"] = (instance["questions"] as? [[String: Any]])?.filter {
            (($0["evidence"] as? [[String: Any]]) ?? []).allSatisfy { ($0["chunk"] as? Int) != 1 }
        }
        let path = try Self.file("e.jsonl", try Self.jsonLines([instance]))
        Self.expect(try Binaries.run("evalmem", ["--dataset", path, "--baselines", "store-all", "--json"]), 0, "store-all")
        Self.expect(try Binaries.run("mkdataset", ["validate", path]), 0, "no problems")
    }

    @Test func e20QuestionWithoutAnswers() throws {
        var instance = try Self.firstInstance()
        var questions = try #require(instance["questions"] as? [[String: Any]])
        questions[0]["answers"] = [String]()
        instance["questions"] = questions
        let path = try Self.file("q.jsonl", try Self.jsonLines([instance]))
        Self.expect(try Binaries.run("mkdataset", ["validate", path]), 1, "question q0 has no answers")
        #expect(AnswerScoring.memAlphaScore(prediction: "anything", answers: [], dataSource: "squad") == .scored(0))
    }

    // MARK: Mismatch

    static func transcript(sha: String?, instance: String) throws -> String {
        var dataset: [String: Any] = [:]
        if let sha { dataset["sha256"] = sha }
        return try file("x.jsonl", try jsonLines([
            ["type": "header", "schema": "memkit.transcript/1", "agent": "t", "dataset": dataset],
            ["type": "chunk", "instance": instance, "index": 0],
        ]))
    }

    @Test func e21WrongDatasetHash() throws {
        let path = try Self.transcript(sha: String(repeating: "a", count: 64), instance: Self.instanceId)
        Self.expect(try Binaries.run("evalmem", [path, "--dataset", Self.dataset]), 1,
                    "the transcript was made on a dataset with sha256 aaaa")
        #expect(try Binaries.run("evalmem", [path, "--dataset", Self.dataset, "--no-check-hash"]).status == 0)
    }

    @Test func e22UnknownInstance() throws {
        let path = try Self.transcript(sha: nil, instance: "not-there")
        Self.expect(try Binaries.run("evalmem", [path, "--dataset", Self.dataset]), 1,
                    "instance 'not-there': the transcript has events for 1 instance(s) the dataset does not hold")
    }

    // MARK: Outputs

    @Test func e23ReadOnlyOutput() throws {
        // As root, a folder's mode does not stop writes; /sys is read-only for everyone.
        let folder: String
        if getuid() == 0 {
            folder = "/sys"
        } else {
            folder = EvaluationTests.temporary("ro")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            chmod(folder, 0o555)
        }
        let r = try Binaries.run("mkdataset", ["--tokens", "2k", "-o", folder + "/out.jsonl.gz"])
        Self.expect(r, 4, "cannot create a temporary file in '\(folder)'")
        #expect(!FileManager.default.fileExists(atPath: folder + "/out.jsonl.gz"))
    }

    @Test func e24FullDisk() throws {
        let out = EvaluationTests.temporary("full.jsonl.gz")
        let r = try Binaries.run("mkdataset", ["--tokens", "30k", "--count", "4", "-o", out],
                                 shell: "ulimit -f 16; trap '' XFSZ;")
        Self.expect(r, 4, "File too large [io_failed]")
        let folder = (out as NSString).deletingLastPathComponent
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty, "nothing is left behind")
    }
}
