import ArgumentParser
import DatasetFormat
import Evaluator
import JSONLines
import MemorySim

#if canImport(Glibc)
import Glibc
#endif

/// Options shared by the commands that replay and score.
struct ScoringOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "The dataset the agent read (default: the path in the transcript header).")
    var dataset: String?

    @Option(help: "Baselines to score beside the agent: comma-separated long-context, bm25-rag, store-all, no-memory, oracle; or all, or none.")
    var baselines = "all"

    @Option(help: "The long-context baseline's window in o200k tokens (e.g. 30000 or 30k).")
    var window = "30k"

    @Option(help: "Chunks per question for the bm25-rag baseline.")
    var ragTopK = 2

    @Option(help: "Length bucket centres, comma-separated; the last is open-ended (e.g. 30k,64k,128k,256k,400k).")
    var buckets = "30k,64k,128k,256k,400k"

    @Option(help: "A JSON file with the reader's context wording (keys document, core, list, item, empty).")
    var template: String?

    @Option(help: "Bootstrap resamples for the 95% intervals.")
    var bootstrap = 1000

    @Flag(help: "Count text holding a special token (<|endoftext|>, …) as 0 tokens, as Mem-α's count_tokens does.")
    var memalphaCountTokens = false

    @Flag(help: "Accept a dataset whose sha256 differs from the one in the transcript header.")
    var noCheckHash = false

    @Option(help: """
        Replays (an agent on an instance) run at once (0: one per core); the output does not depend on it. When \
        replays take at most half the cores, each also analyses its calls' texts ahead on a second thread.
        """)
    var jobs = 0

    @Option(help: "Store the run in this SQLite score store (created or upgraded as needed; see docs/score-store.md).")
    var db: String?

    @Option(help: "The name to store the run under (default: the agent's name, or 'baselines').")
    var runName: String?

    @Option(help: "The git commit to record with the run (default: $GIT_COMMIT, $GITHUB_SHA or $CI_COMMIT_SHA).")
    var gitCommit: String?

    /// Stores `report` when --db was given.
    func store(_ report: EvaluationReport) throws {
        guard let db else { return }
        let names: [String] = ["GIT_COMMIT", "GITHUB_SHA", "CI_COMMIT_SHA"]
        let environment = names.lazy.compactMap { name in getenv(name).map { String(cString: $0) } }.first
        let info = RunInfo(name: runName ?? report.agent ?? "baselines", toolVersion: EvalMem.configuration.version,
                           gitCommit: gitCommit ?? environment,
                           commandLine: CommandLine.arguments.joined(separator: " "))
        do {
            let store = try ScoreStore(path: db)
            let id = try store.store(report, info: info)
            if isatty(2) == 1 { Output.error("evalmem: stored as run \(id) ('\(info.name)') in \(db)") }
        } catch {
            Output.error("evalmem: \(error)")
            throw ExitCode(4)
        }
    }

    func options() throws -> EvaluationOptions {
        var o = EvaluationOptions()
        if baselines == "none" {
            o.baselines = []
        } else if baselines != "all" {
            o.baselines = try baselines.split(separator: ",").map { name in
                guard let b = Baseline(rawValue: String(name)) else {
                    throw ValidationError("--baselines: unknown baseline '\(name)'")
                }
                return b
            }
        }
        guard let w = LengthBuckets.tokens(window), w > 0 else { throw ValidationError("--window: not a token count") }
        guard ragTopK >= 1 else { throw ValidationError("--rag-top-k must be at least 1") }
        o.baselineOptions = Baseline.Options(window: w, ragTopK: ragTopK)
        guard let b = LengthBuckets(parsing: buckets) else { throw ValidationError("--buckets: not a list of counts") }
        o.buckets = b
        guard bootstrap >= 0 else { throw ValidationError("--bootstrap must be 0 or more") }
        o.bootstrapSamples = bootstrap
        o.memAlphaCountTokens = memalphaCountTokens
        o.checkDatasetHash = !noCheckHash
        guard jobs >= 0 else { throw ValidationError("--jobs must be 0 or more") }
        o.jobs = jobs == 0 ? max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) : jobs
        if let template {
            do {
                o.template = try ContextTemplate(json: try JSONParser.parse(try FileBytes.read(path: template)))
            } catch {
                Output.error("evalmem: --template \(template): \(error)")
                throw ExitCode(error is JSONLinesError ? 3 : 1)
            }
        }
        return o
    }

    /// The dataset path: the option, else the header's (relative to the transcript's folder).
    func datasetPath(transcriptPath: String?, header: TranscriptHeader?) throws -> String {
        if let dataset { return dataset }
        guard let recorded = header?.datasetPath else {
            throw ValidationError("no --dataset given and the transcript header names none")
        }
        // A relative path is looked up beside the transcript first, then from the working directory.
        guard !recorded.hasPrefix("/"), let t = transcriptPath, t != "-", let slash = t.lastIndex(of: "/") else {
            return recorded
        }
        let beside = String(t[...slash]) + recorded
        return access(beside, F_OK) == 0 ? beside : recorded
    }
}

/// `evalmem [score] TRANSCRIPT`: the main job.
struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replay a memory agent's transcript, score it and the baselines by length, and print the table.",
        discussion: """
            The transcript (schema memkit.transcript/1, docs/transcript-format.md) is replayed through MemorySim
            instance by instance. Every question is scored with Mem-α's per-source rule when the transcript has an
            answer, and always with answer-in-context (is the gold answer in what a reader of the final memory
            would see?) and a failure attribution. The five baselines run on the same instances. Without a
            transcript only the baselines run. Problems in single events are counted, not fatal (see --strict).
            """)

    @Argument(help: "The transcript (plain or gzip JSON Lines), or '-' for standard input; omit for baselines only.")
    var transcript: String?

    @OptionGroup var scoring: ScoringOptions

    @Flag(help: "Print the report as JSON instead of the table.")
    var json = false

    @Flag(help: "With --json, include every instance and question.")
    var perInstance = false

    @Option(name: .shortAndLong, help: "Also write the JSON report (with every instance) to this file.")
    var output: String?

    @Flag(help: "Exit with status 1 when any transcript event had a problem.")
    var strict = false

    func run() throws {
        let options = try scoring.options()
        let report = try Score.evaluate(transcript: transcript, scoring: scoring, options: options)
        try scoring.store(report)
        if let output {
            do {
                let writer = try JSONLinesWriter(path: output, compression: JSONLinesWriter.Compression.none)
                try writer.write(report.json(perInstance: true))
                try writer.close()
            } catch {
                Output.error("evalmem: \(error)")
                throw ExitCode(4)
            }
        }
        if json {
            Output.line(report.json(perInstance: perInstance).jsonBytes)
        } else {
            print(report.table(), terminator: "")
        }
        if strict && !report.problemCounts.isEmpty {
            Output.error("evalmem: --strict: the transcript had \(report.problemCounts.values.reduce(0, +)) problem(s)")
            throw ExitCode(1)
        }
    }

    /// Reads the transcript and runs the evaluation, mapping errors to exit codes.
    static func evaluate(transcript: String?, scoring: ScoringOptions, options: EvaluationOptions) throws
        -> EvaluationReport
    {
        do {
            let loaded = try transcript.map { (path) throws(EvaluationError) in try Transcript.read(path: path) }
            let dataset = try scoring.datasetPath(transcriptPath: transcript, header: loaded?.header)
            var progress = Progress(total: loaded?.scripts.count)
            defer { progress.finish() }
            return try Evaluation.run(transcript: loaded, datasetPath: dataset, options: options) { progress.show($0) }
        } catch let error as EvaluationError {
            Output.error("evalmem: \(error)")
            throw ExitCode(error.exitCode)
        }
    }
}

/// A progress line on standard error, drawn only when it is a terminal.
struct Progress {
    let total: Int?
    let enabled = isatty(2) == 1
    var drawn = false

    mutating func show(_ done: Int) {
        guard enabled else { return }
        drawn = true
        if let total, total > 0 {
            let width = 30
            let filled = min(width, done * width / total)
            Output.raw("\r[" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
                + "] \(done)/\(total) instances")
        } else {
            Output.raw("\r\(done) instances")
        }
    }

    func finish() {
        if drawn { Output.raw("\n") }
    }
}
