import ArgumentParser
import Evaluator

/// `evalmem import-memalpha`: Mem-α run directories to a transcript and its dataset.
struct ImportMemAlpha: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-memalpha",
        abstract: "Convert Mem-α run directories into a memkit transcript plus its dataset, and check the replay.",
        discussion: """
            DIR is one instance directory of a Mem-α run (holding data_instance_info.json,
            chunks_and_function_calls.json, results.json, agent_state.json) or a folder of them. Each becomes an
            instance 'memalpha-<global_idx>' of the dataset (raw chunks, results.json questions and gold answers,
            scored as its data_source) and a script of the transcript (the logged calls with their ids and results,
            the logged responses as answers). Every instance is then replayed and its final memory compared with
            agent_state.json; differences are reported (exit 1 with --strict).
            """)

    @Argument(help: "A Mem-α instance directory, or a folder of them.")
    var directory: String

    @Option(name: .shortAndLong, help: "The transcript to write.")
    var output: String

    @Option(help: "The dataset to write (default: OUTPUT with .dataset.jsonl.gz instead of its extension).")
    var datasetOut: String?

    @Option(help: "The agent name recorded in the transcript header.")
    var agent = "memalpha"

    @Flag(help: "Print the import summary as JSON.")
    var json = false

    @Flag(help: "Exit with status 1 when a replayed memory differs from its agent_state.json.")
    var strict = false

    func run() throws {
        let dataset = datasetOut ?? ImportMemAlpha.datasetPath(for: output)
        let summary: MemAlphaImport.Summary
        do {
            summary = try MemAlphaImport.importRuns(directory: directory, transcriptPath: output, datasetPath: dataset,
                                                    agent: agent)
        } catch {
            Output.error("evalmem import-memalpha: \(error)")
            throw ExitCode(error.exitCode)
        }
        if json {
            Output.line(summary.json.jsonBytes)
        } else {
            print("imported \(summary.runs) run(s), \(summary.calls) tool call(s) → \(output) and \(dataset)")
            print("replayed result lines that differ from the log: \(summary.resultMismatches)")
            if summary.unchecked > 0 { print("runs without agent_state.json (not checked): \(summary.unchecked)") }
            if summary.stateDifferences.isEmpty {
                print("final memories equal agent_state.json: \(summary.runs - summary.unchecked) of \(summary.runs)")
            }
            for d in summary.stateDifferences {
                print("\(d.instance): " + d.differences.joined(separator: "; "))
            }
        }
        if strict && !summary.stateDifferences.isEmpty { throw ExitCode(1) }
    }

    /// `run/t.jsonl` → `run/t.dataset.jsonl.gz`.
    static func datasetPath(for transcript: String) -> String {
        var base = transcript
        for ext in [".gz", ".jsonl", ".json"] where base.hasSuffix(ext) { base = String(base.dropLast(ext.count)) }
        return base + ".dataset.jsonl.gz"
    }
}
