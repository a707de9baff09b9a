import ArgumentParser
import Evaluator
import JSONLines

#if canImport(Glibc)
import Glibc
#endif

/// Opens a score store or exits with a message.
func openStore(_ path: String) throws -> ScoreStore {
    guard access(path, F_OK) == 0 else {
        Output.error("evalmem: \(path): no such score store")
        throw ExitCode(3)
    }
    do {
        return try ScoreStore(path: path)
    } catch {
        Output.error("evalmem: \(error)")
        throw ExitCode(3)
    }
}

/// Runs `body`, reporting a score-store error (exit 3) or an output error (exit 4); other errors pass through.
func reportingStoreErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as SQLiteError {
        Output.error("evalmem: \(error)")
        throw ExitCode(3)
    } catch let error as JSONLinesError {
        Output.error("evalmem: \(error)")
        throw ExitCode(4)
    }
}

/// The group summaries of a run in a store, or of an expectations file.
func summaries(_ reference: String, store: ScoreStore?) throws -> [StoredSummary] {
    if reference.hasSuffix(".json"), access(reference, F_OK) == 0 {
        do {
            return try ExpectedScores.read(path: reference)
        } catch {
            Output.error("evalmem: \(error)")
            throw ExitCode(error.exitCode)
        }
    }
    guard let store else { throw ValidationError("'\(reference)' is not an expectations file, and no --db was given") }
    do {
        guard let run = try store.run(named: reference) else {
            Output.error("evalmem: no run '\(reference)' in \(store.database.path)")
            throw ExitCode(1)
        }
        return try store.summaries(run: run.id)
    } catch let error as SQLiteError {
        Output.error("evalmem: \(error)")
        throw ExitCode(3)
    }
}

/// `evalmem compare`: the regression gate.
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare a candidate run's scores with a baseline run or a file of expected scores.",
        discussion: """
            Compares Mem-α's score and answer-in-context per data source × length bucket × agent: baseline,
            candidate, delta and whether the 95% bootstrap intervals overlap. Exits 1 when any group falls by more
            than --tolerance (or disappears), 0 otherwise. A run is named by its id or its name (the newest run
            with that name); a path ending in .json is a memkit.expected-scores/1 file (see `evalmem export
            --format expected`).
            """)

    @Option(help: "The score store.")
    var db: String?

    @Option(help: "The reference: a run id or name, or an expected-scores .json file.")
    var baseline: String

    @Option(help: "The run to check: a run id or name, or an expected-scores .json file.")
    var candidate: String

    @Option(help: "The largest tolerated fall of a score (absolute).")
    var tolerance = 0.01

    @Flag(help: "Print JSON instead of Markdown.")
    var json = false

    func run() throws {
        guard tolerance >= 0 else { throw ValidationError("--tolerance must be 0 or more") }
        let store = try db.map(openStore)
        let comparison = Comparison(baseline: try summaries(baseline, store: store),
                                    candidate: try summaries(candidate, store: store), tolerance: tolerance)
        if json { Output.line(comparison.json.jsonBytes) } else { print(comparison.markdown, terminator: "") }
        if !comparison.regressions.isEmpty { throw ExitCode(1) }
    }
}

/// `evalmem export`: per-question rows as CSV or JSON Lines, or a run's expectations.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export stored per-question results as CSV or JSON Lines, or a run's expected scores.",
        discussion: """
            csv and jsonl: one row per question and metric (run_id, run_name, agent, instance, question,
            data_source, competency, length_bucket, metric, value, attribution), for the runs given (default:
            all). expected: the gated group scores of exactly one run, as a memkit.expected-scores/1 file for
            `evalmem compare --baseline FILE.json`.
            """)

    @Option(help: "The score store.")
    var db: String

    @Option(help: "csv, jsonl or expected.")
    var format: String

    @Option(name: .customLong("run"), help: "A run id or name (repeatable; default: every run).")
    var runs: [String] = []

    @Option(name: .shortAndLong, help: "The output file ('-' for standard output).")
    var output = "-"

    func run() throws {
        guard ["csv", "jsonl", "expected"].contains(format) else {
            throw ValidationError("--format takes csv, jsonl or expected")
        }
        let store = try openStore(db)
        try reportingStoreErrors {
            var ids: [Int64] = []
            for name in runs {
                guard let run = try store.run(named: name) else {
                    Output.error("evalmem: no run '\(name)' in \(db)")
                    throw ExitCode(1)
                }
                ids.append(run.id)
            }
            let writer = try JSONLinesWriter(path: output, compression: JSONLinesWriter.Compression.none)
            switch format {
            case "expected":
                guard ids.count == 1 else { throw ValidationError("--format expected takes exactly one --run") }
                try writer.writeLine(Array(ExpectedScores.text(try store.summaries(run: ids[0])).utf8.dropLast()))
            case "csv":
                let columns = ["run_id", "run_name", "agent", "instance", "question", "data_source", "competency",
                               "length_bucket", "metric", "value", "attribution"]
                try writer.writeLine(Array(columns.joined(separator: ",").utf8))
                try store.forEachResult(runs: runs.isEmpty ? nil : ids) { row in
                    try writer.writeLine(Array(columns.map { Export.csv(row[$0] ?? .null) }.joined(separator: ",").utf8))
                }
            default:
                try store.forEachResult(runs: runs.isEmpty ? nil : ids) { row in
                    try writer.write(.object(row.mapValues(Export.json)))
                }
            }
            try writer.close()
        }
    }

    static func csv(_ v: SQLValue) -> String {
        switch v {
        case .null: return ""
        case .int(let i): return "\(i)"
        case .double(let d): return "\(d)"
        case .text(let s):
            guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
            return "\"" + s.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
        }
    }

    static func json(_ v: SQLValue) -> JSONValue {
        switch v {
        case .null: return .null
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .text(let s): return .string(s)
        }
    }
}
