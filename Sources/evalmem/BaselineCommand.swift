import ArgumentParser
import DatasetFormat
import Evaluator

/// `evalmem baseline`: writes a baseline's transcript.
struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Write a built-in baseline's memory policy as a transcript, replayable like any agent's.",
        discussion: """
            Agents: long-context (the last --window tokens of chunks in episodic memory), bm25-rag (every chunk
            stored; the reader takes the top --rag-top-k), store-all (every chunk in episodic memory), no-memory,
            oracle (only the evidence sentences, in semantic memory). The header records the dataset's path and
            sha256, and the reader settings of bm25-rag and long-context.
            """)

    @Option(help: "The baseline: long-context, bm25-rag, store-all, no-memory or oracle.")
    var agent: String

    @Argument(help: "The dataset (plain or gzip JSON Lines).")
    var dataset: String

    @Option(name: .shortAndLong, help: "The transcript to write ('-' for standard output; .gz compresses).")
    var output: String

    @Option(help: "The long-context window in o200k tokens (e.g. 30000 or 30k).")
    var window = "30k"

    @Option(help: "Chunks per question for bm25-rag.")
    var ragTopK = 2

    func run() throws {
        guard let baseline = Baseline(rawValue: agent) else {
            throw ValidationError("--agent: unknown baseline '\(agent)'; use one of "
                + Baseline.allCases.map(\.rawValue).joined(separator: ", "))
        }
        guard let w = LengthBuckets.tokens(window), w > 0 else { throw ValidationError("--window: not a token count") }
        guard ragTopK >= 1 else { throw ValidationError("--rag-top-k must be at least 1") }
        let options = Baseline.Options(window: w, ragTopK: ragTopK)
        do {
            var transcript = try Transcript.baseline(baseline, datasetPath: dataset, options: options)
            transcript.header.datasetPath = Transcript.datasetReference(dataset, forTranscriptAt: output)
            try transcript.write(path: output)
        } catch {
            Output.error("evalmem baseline: \(error)")
            throw ExitCode(error.exitCode)
        }
    }
}

/// `evalmem reward`: Mem-α's reward terms per instance and chunk step.
struct RewardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reward",
        abstract: "Compute Mem-α's RL reward (r1 + β·r3 + r2 + γ·r4 per chunk step) for each instance of a transcript.",
        discussion: """
            r1 is the QA accuracy of the transcript's answers (Mem-α's per-source rules), or answer-in-context when
            it has none; r2 the share of valid tool calls in the step; r3 compression, 1 − memory tokens / chunk
            tokens; r4 placement by memkit's rules (docs/evaluation.md). Output: one JSON line per instance with
            --json, else a table.
            """)

    @Argument(help: "The transcript, or '-' for standard input.")
    var transcript: String

    @OptionGroup var scoring: ScoringOptions

    @Option(help: "β, the weight of compression (r3).")
    var beta = 0.05

    @Option(help: "γ, the weight of placement (r4).")
    var gamma = 0.1

    @Flag(help: "Print one JSON line per instance instead of the table.")
    var json = false

    func run() throws {
        var options = try scoring.options()
        options.baselines = []
        let report = try Score.evaluate(transcript: transcript, scoring: scoring, options: options)
        try scoring.store(report)
        let rewards = report.instances.map { InstanceReward(report: $0, beta: beta, gamma: gamma) }
        if json {
            for r in rewards { Output.line(r.json.jsonBytes) }
            return
        }
        print("instance                          r1      r3  mean r2  mean r4   total  r1 from")
        for r in rewards {
            let n = Double(max(1, r.steps.count))
            let cells = [EvaluationReport.format(r.r1), EvaluationReport.format(r.r3),
                         EvaluationReport.format(r.steps.reduce(0) { $0 + $1.r2 } / n),
                         EvaluationReport.format(r.steps.reduce(0) { $0 + $1.r4 } / n), EvaluationReport.format(r.total)]
            print(r.instance.padding(30) + cells.map { String(repeating: " ", count: max(0, 8 - $0.count)) + $0 }
                .joined() + "  " + r.r1Source)
        }
    }
}

extension String {
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}
