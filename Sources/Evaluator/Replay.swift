import DatasetFormat
import MemorySim

/// A problem in one transcript event: counted and reported, never fatal (unless `--strict`).
public struct ReplayProblem: Sendable, Equatable {
    /// The class: a tool failure (`unknown_tool`, `invalid_json`, `missing_argument`, `unknown_memory_id`,
    /// `disabled_memory_type`, `invalid_argument`) or an event problem (`chunk_out_of_range`, `out_of_order`,
    /// `unknown_question`, `duplicate_answer`, `result_mismatch`, `colliding_memory_id`, `bad_disable`).
    public var kind: String
    /// What happened.
    public var message: String
    /// The transcript line, when known.
    public var line: Int?
}

/// What one chunk step did: Mem-α's unit of reward.
public struct StepRecord: Sendable, Equatable {
    /// The chunk index.
    public var chunk: Int
    /// Tool calls made while reading it.
    public var calls = 0
    /// Calls that succeeded (ok or skipped), Mem-α's r2 numerator.
    public var successes = 0
    /// The sum of the calls' placement scores (r4 numerator; deletes, searches and failures add 0).
    public var placement = 0.0
    /// The memory size in o200k tokens after the step.
    public var memoryTokens = 0
}

/// The result of replaying one instance's script through MemorySim.
public struct Replay: Sendable {
    /// The final memory.
    public var memory: Memory
    /// One record per chunk of the instance.
    public var steps: [StepRecord]
    /// Problems, in transcript order.
    public var problems: [ReplayProblem] = []
    /// Responses by question id.
    public var answers: [String: String] = [:]
    /// Every text the run stored (insert and update contents, core after each update), normalised and joined
    /// by newlines: what "was ever written" is checked against.
    var written: [UInt8] = [0x0A]
    /// The normalised haystack of each live or past item, by memory type index (semantic 0, episodic 1) and slot.
    var normalized: [[Int: [UInt8]]] = [[:], [:]]

    /// Tool calls in all.
    public var calls: Int { steps.reduce(0) { $0 + $1.calls } }
    /// Successful calls in all.
    public var successes: Int { steps.reduce(0) { $0 + $1.successes } }

    /// Replays `script` against `instance`: every call in file order, with the ids the log records. With
    /// `lookahead`, the calls' texts are analysed ahead on a second thread (see ``CallPipeline``; the results are
    /// the same): leave it on when replays do not already run on every processor.
    /// - Complexity: O(calls × content size) plus the BM25 work of searches.
    public static func run(_ script: Transcript.Script, instance: Instance, idSeed: UInt64 = 0,
                           specialTokenTextCountsZero: Bool = false,
                           lookahead: Bool = true) throws(EvaluationError) -> Replay {
        let configuration = Memory.Configuration(disabled: script.disabled,
                                                 specialTokenTextCountsZero: specialTokenTextCountsZero, idSeed: idSeed)
        let memory: Memory
        do {
            memory = try Memory(configuration: configuration)
        } catch {
            throw EvaluationError(.unreadable, "the o200k_base vocabulary could not be loaded: \(error)")
        }
        // The calls that will run: those for chunks the instance has, in file order.
        let calls = script.actions.compactMap { action -> ToolCall? in
            guard case .call(let chunk, let call, _, _) = action, instance.chunks.indices.contains(chunk) else {
                return nil
            }
            return call
        }
        var pipeline = CallPipeline(memory: memory, calls: calls, lookahead: lookahead)
        var recorder = Recorder(steps: instance.chunks.indices.map { StepRecord(chunk: $0) })
        recorder.problems = script.readProblems.map { ReplayProblem(kind: "bad_disable", message: $0, line: nil) }
        let questionIds = Set(instance.questions.map(\.id))
        var current = 0
        for action in script.actions {
            switch action {
            case .read(let chunk):
                guard recorder.steps.indices.contains(chunk) else {
                    recorder.problem("chunk_out_of_range", "chunk \(chunk) does not exist (the instance has "
                        + "\(instance.chunks.count))", nil)
                    continue
                }
                recorder.advance(to: chunk, &current, tokens: pipeline.totalTokens)
            case .call(let chunk, let call, let logged, let line):
                guard recorder.steps.indices.contains(chunk) else {
                    recorder.problem("chunk_out_of_range", "tool call for chunk \(chunk), which does not exist (the "
                        + "instance has \(instance.chunks.count))", line)
                    continue
                }
                recorder.advance(to: chunk, &current, tokens: pipeline.totalTokens)
                if chunk < current {
                    recorder.problem("out_of_order", "tool call for chunk \(chunk) after chunk \(current)", line)
                }
                recorder.apply(call, &pipeline, step: min(chunk, current),
                               timestamp: instance.chunks[chunk].timestamp, logged: logged, line: line)
            case .answer(let question, let response, let line):
                if !questionIds.contains(question) {
                    recorder.problem("unknown_question", "answer to question '\(question)', which the instance does "
                        + "not have", line)
                } else if recorder.answers[question] != nil {
                    recorder.problem("duplicate_answer", "a second answer to question '\(question)'; the first is "
                        + "kept", line)
                } else {
                    recorder.answers[question] = response
                }
            }
        }
        recorder.advance(to: recorder.steps.count, &current, tokens: pipeline.totalTokens)
        return Replay(memory: pipeline.finish(), steps: recorder.steps, problems: recorder.problems,
                      answers: recorder.answers, written: recorder.written, normalized: recorder.normalized)
    }

    /// Whether a replayed result agrees with the logged line: byte for byte where Mem-α's line holds only
    /// interface facts (results, ids, key names), and by outcome class where it holds Mem-α's prose (the skip
    /// notice, the disabled-type and core messages), which memkit words itself.
    static func agrees(_ result: ToolResult, logged: String) -> Bool {
        let text = result.text
        if text == logged { return true }
        switch result.status {
        case .ok: return false
        case .skipped: return logged.contains("executed successfully") && logged.contains("'status': 'skipped'")
        case .error:
            switch result.problemKind {
            case "unknown_memory_id", "missing_argument", "unknown_tool": return false
            default:
                // The same tool and error class: "[tool NAME error] Class: " up to the prose.
                guard let colon = text.range(of: ": ") else { return false }
                return logged.hasPrefix(text[..<colon.upperBound])
            }
        }
    }
}

extension Replay {
    /// What a replay records while its calls run (the memory itself is in the ``CallPipeline``).
    struct Recorder {
        var steps: [StepRecord]
        var problems: [ReplayProblem] = []
        var answers: [String: String] = [:]
        var written: [UInt8] = [0x0A]
        var normalized: [[Int: [UInt8]]] = [[:], [:]]

        mutating func problem(_ kind: String, _ message: String, _ line: Int?) {
            problems.append(ReplayProblem(kind: kind, message: message, line: line))
        }

        /// Closes the steps before `chunk`, recording `tokens`, the memory size, after each.
        mutating func advance(to chunk: Int, _ current: inout Int, tokens: Int) {
            guard chunk > current else { return }
            for i in current..<min(chunk, steps.count) { steps[i].memoryTokens = tokens }
            current = chunk
        }

        mutating func apply(_ call: ToolCall, _ pipeline: inout CallPipeline, step: Int, timestamp: String?,
                            logged: String?, line: Int) {
            let result = pipeline.execute(call)
            steps[step].calls += 1
            if let logged, !Replay.agrees(result, logged: logged) {
                problem("result_mismatch", "the replayed result differs from the logged one: \(result.text)", line)
            }
            guard result.succeeded else {
                problem(result.problemKind ?? "invalid_argument", result.text, line)
                return
            }
            steps[step].successes += 1
            if call.name == "new_memory_insert", result.status == .ok, let type = result.memoryType,
               let id = call.assignedId, pipeline.slot(of: id, in: type) != pipeline.slotCount(type) - 1 {
                // Mem-α has no collision check either: both items stay, and updates and deletes act on the first.
                problem("colliding_memory_id", "the logged id '\(id)' was already in \(type.rawValue) memory", line)
            }
            guard result.status == .ok, let type = result.memoryType, call.name != "search_memory",
                  call.name != "memory_delete"
            else { return }
            let stored: String
            let haystack: [UInt8]
            if type == .core {
                stored = pipeline.core ?? ""
                haystack = AnswerProbe.haystack(stored)
            } else {
                let slot = call.name == "new_memory_insert"
                    ? pipeline.slotCount(type) - 1 : pipeline.slot(of: result.memoryId ?? "", in: type) ?? -1
                guard let item = pipeline.item(type, slot: slot) else { return }
                stored = item.content
                haystack = AnswerProbe.haystack(stored)
                normalized[type == .semantic ? 0 : 1][slot] = haystack
            }
            written += haystack
            written.append(0x0A)
            steps[step].placement += Placement.score(type: type, content: stored, timestamp: timestamp)
        }
    }
}
