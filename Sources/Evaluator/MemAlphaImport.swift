import DatasetFormat
import JSONLines
import MemorySim
import Tokenizer

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Imports Mem-α run directories (`main.py`'s output, `memalpha-facts.md` §3.5) as a memkit transcript plus the
/// dataset it belongs to, and checks the replay against each run's `agent_state.json`.
public enum MemAlphaImport {
    /// One instance directory of a Mem-α run.
    public struct Run: Sendable {
        /// The directory.
        public var path: String
        /// `data_instance_info.json`: the parquet row index.
        public var globalIndex: Int
        /// `data_instance_info.json`: the scorer name.
        public var dataSource: String
        /// The raw chunks, in order.
        public var chunks: [String]
        /// Per chunk, the calls: name, raw argument text (or object), logged result line.
        public var calls: [[(name: String, arguments: JSONValue, result: String?)]]
        /// `results.json`: question, response, gold answers.
        public var results: [(question: String, response: String, answers: [String])]
        /// `agent_state.json`, when present.
        public var state: MemoryState?
    }

    /// The run directories under `path`: `path` itself when it holds `data_instance_info.json`, else its
    /// subdirectories that do, ordered by global index.
    public static func read(path: String) throws(EvaluationError) -> [Run] {
        let fm = FileManager.default
        if fm.fileExists(atPath: path + "/data_instance_info.json") { return [try readRun(path)] }
        let names: [String]
        do {
            names = try fm.contentsOfDirectory(atPath: path)
        } catch {
            throw EvaluationError(.unreadable, "not a readable directory: \(error)", path: path)
        }
        var runs: [Run] = []
        for name in names.sorted() where fm.fileExists(atPath: path + "/" + name + "/data_instance_info.json") {
            runs.append(try readRun(path + "/" + name))
        }
        guard !runs.isEmpty else {
            throw EvaluationError(.invalid, "no Mem-α run directory (one holding data_instance_info.json) here",
                                  path: path)
        }
        return runs.sorted { $0.globalIndex < $1.globalIndex }
    }

    static func json(_ path: String) throws(EvaluationError) -> JSONValue {
        do {
            return try JSONParser.parse(try FileBytes.read(path: path))
        } catch {
            throw EvaluationError(error)
        }
    }

    static func readRun(_ dir: String) throws(EvaluationError) -> Run {
        let infoPath = dir + "/data_instance_info.json"
        let info = try json(infoPath)
        guard let source = info["data_source"]?.stringValue else {
            throw EvaluationError(.invalid, "field 'data_source' is missing or not a string", path: infoPath)
        }
        guard let index = info["global_idx"]?.intValue, let globalIndex = Int(exactly: index) else {
            throw EvaluationError(.invalid, "field 'global_idx' is missing or not an integer", path: infoPath)
        }
        var run = Run(path: dir, globalIndex: globalIndex, dataSource: source, chunks: [], calls: [], results: [],
                      state: nil)
        let chunksPath = dir + "/chunks_and_function_calls.json"
        guard let records = try json(chunksPath).arrayValue else {
            throw EvaluationError(.invalid, "the file must hold a list of chunk records", path: chunksPath)
        }
        for (i, record) in records.enumerated() {
            guard let raw = record["raw_chunk"]?.stringValue else {
                throw EvaluationError(.invalid, "record \(i): field 'raw_chunk' is missing or not a string",
                                      path: chunksPath)
            }
            if let idx = record["chunk_idx"]?.intValue, idx != i {
                throw EvaluationError(.invalid, "record \(i) has chunk_idx \(idx); records must be in chunk order",
                                      path: chunksPath)
            }
            var calls: [(String, JSONValue, String?)] = []
            for (j, c) in (record["function_calls"]?.arrayValue ?? []).enumerated() {
                guard let fn = c["function_call"], let name = fn["name"]?.stringValue else {
                    throw EvaluationError(.invalid, "record \(i), call \(j): 'function_call.name' is missing",
                                          path: chunksPath)
                }
                calls.append((name, fn["arguments"] ?? .string(""), c["tool_result"]?.stringValue))
            }
            run.chunks.append(raw)
            run.calls.append(calls)
        }
        let resultsPath = dir + "/results.json"
        if FileManager.default.fileExists(atPath: resultsPath) {
            guard let results = try json(resultsPath).arrayValue else {
                throw EvaluationError(.invalid, "the file must hold a list of results", path: resultsPath)
            }
            for (i, r) in results.enumerated() {
                guard let question = r["question"]?.stringValue else {
                    throw EvaluationError(.invalid, "result \(i): field 'question' is missing or not a string",
                                          path: resultsPath)
                }
                let response = r["response"]?.stringValue ?? r["step_info"]?["final_response"]?.stringValue ?? ""
                run.results.append((question, response, answers(r["answer"] ?? .null)))
            }
        }
        let statePath = dir + "/agent_state.json"
        if FileManager.default.fileExists(atPath: statePath) {
            do {
                run.state = try MemoryState(json: try json(statePath))
            } catch let error as EvaluationError {
                throw error
            } catch {
                throw EvaluationError(.invalid, "\(error)", path: statePath)
            }
        }
        return run
    }

    /// A gold answer as strings: a string, or a (possibly nested) list flattened, as Mem-α's metrics read it.
    static func answers(_ value: JSONValue) -> [String] {
        switch value {
        case .string(let s): return [s]
        case .array(let items): return items.flatMap(answers)
        case .null: return []
        default: return [value.jsonString]
        }
    }

    /// The competency a Mem-α data source measures.
    public static func competency(_ source: String) -> Competency {
        if source == "pubmed-rct" || source.contains("icl") || source.contains("ttl") { return .testTimeLearning }
        if source == "booksum" || source.contains("infbench_sum") || source == "long_range_understanding" {
            return .longRangeUnderstanding
        }
        return .accurateRetrieval
    }

    /// The dataset instance and the transcript script of one run.
    public static func convert(_ run: Run, encoding: Encoding) -> (Instance, Transcript.Script) {
        let id = "memalpha-\(run.globalIndex)"
        let chunks = run.chunks.enumerated().map { i, text in
            Chunk(index: i, text: text, timestamp: nil, tokens: encoding.count(text))
        }
        let questions = run.results.enumerated().map { i, r in
            Question(id: "q\(i)", question: r.question, answers: r.answers, metric: run.dataSource, type: "memalpha",
                     evidence: [], askedAt: nil, abstain: false)
        }
        let instance = Instance(
            id: id, pattern: "memalpha-import", competency: competency(run.dataSource), dataSource: run.dataSource,
            prompt: "", seed: nil, chunks: chunks, questions: questions,
            stats: Stats(tokenizer: "o200k_base", totalTokens: chunks.reduce(0) { $0 + $1.tokens }, targetTokens: nil,
                         numChunks: chunks.count),
            generator: Generator(name: "evalmem import-memalpha", version: "1",
                                 parameters: ["global_idx": .int(Int64(run.globalIndex))]),
            metadata: ["memalpha_run": .string(run.path)])
        var script = Transcript.Script(instance: id)
        if let state = run.state, state.core == nil { script.disabled.insert(.core) }
        for (i, calls) in run.calls.enumerated() {
            script.actions.append(.read(chunk: i))
            for c in calls {
                let arguments: ToolCall.Arguments = c.arguments.stringValue.map { .text($0) } ?? .json(c.arguments)
                let call = ToolCall(name: c.name, arguments: arguments,
                                    assignedId: c.result.flatMap(Transcript.insertedId))
                script.actions.append(.call(chunk: i, call, logged: c.result, line: 0))
            }
        }
        for (i, r) in run.results.enumerated() {
            script.actions.append(.answer(question: "q\(i)", response: r.response, line: 0))
        }
        return (instance, script)
    }

    /// Where a replayed memory differs from the run's `agent_state.json` (empty when they agree).
    public static func differences(_ replayed: MemoryState, _ logged: MemoryState) -> [String] {
        var out: [String] = []
        if (logged.core ?? "") != (replayed.core ?? "") { out.append("core differs") }
        for (name, a, b) in [("semantic", replayed.semantic, logged.semantic),
                             ("episodic", replayed.episodic, logged.episodic)] {
            if a.count != b.count { out.append("\(name): \(a.count) items replayed, \(b.count) logged") }
            for (k, (x, y)) in zip(a, b).enumerated() where x != y {
                out.append("\(name)[\(k)]: replayed [\(x.id)] differs from logged [\(y.id)]")
                break
            }
        }
        return out
    }
}

extension MemAlphaImport {
    /// What an import did.
    public struct Summary: Sendable {
        /// Run directories imported.
        public var runs = 0
        /// Tool calls imported.
        public var calls = 0
        /// Calls whose replayed result line differs from the logged `tool_result`.
        public var resultMismatches = 0
        /// Per instance, where the replayed memory differs from `agent_state.json`.
        public var stateDifferences: [(instance: String, differences: [String])] = []
        /// Runs without `agent_state.json` (not checked).
        public var unchecked = 0

        /// The JSON form.
        public var json: JSONValue {
            [
                "runs": .int(Int64(runs)), "calls": .int(Int64(calls)),
                "result_mismatches": .int(Int64(resultMismatches)), "unchecked": .int(Int64(unchecked)),
                "state_differences": .array(stateDifferences.map {
                    ["instance": .string($0.instance), "differences": .array($0.differences.map { .string($0) })]
                }),
            ]
        }
    }

    /// Imports the runs under `directory`: writes the dataset to `datasetPath` and the transcript (agent `agent`)
    /// to `transcriptPath`, then replays every instance and compares it with its `agent_state.json`.
    public static func importRuns(directory: String, transcriptPath: String, datasetPath: String, agent: String)
        throws(EvaluationError) -> Summary
    {
        let runs = try read(path: directory)
        let encoding: Encoding
        do {
            encoding = try Encoding.named(.o200kBase)
        } catch {
            throw EvaluationError(.unreadable, "the o200k_base vocabulary could not be loaded: \(error)")
        }
        var summary = Summary()
        var converted: [(Instance, Transcript.Script, MemoryState?)] = []
        for run in runs {
            let (instance, script) = convert(run, encoding: encoding)
            converted.append((instance, script, run.state))
        }
        do {
            let writer = try InstanceWriter(path: datasetPath)
            for (instance, _, _) in converted { try writer.write(instance) }
            try writer.close()
        } catch {
            throw EvaluationError(error, code: error.code == .stream ? .unwritable : .invalid)
        }
        let sha: String?
        do {
            sha = datasetPath == "-" ? nil : try SHA256.file(path: datasetPath)
        } catch {
            throw EvaluationError(error)
        }
        let reference = Transcript.datasetReference(datasetPath, forTranscriptAt: transcriptPath)
        let transcript = Transcript(header: TranscriptHeader(agent: agent, datasetPath: reference, datasetSHA256: sha),
                                    scripts: converted.map(\.1))
        try transcript.write(path: transcriptPath)
        for (instance, script, state) in converted {
            summary.runs += 1
            let replay = try Replay.run(script, instance: instance)
            summary.calls += replay.calls
            summary.resultMismatches += replay.problems.filter { $0.kind == "result_mismatch" }.count
            guard let state else {
                summary.unchecked += 1
                continue
            }
            let differences = differences(replay.memory.state, state)
            if !differences.isEmpty { summary.stateDifferences.append((instance.id, differences)) }
        }
        return summary
    }
}
