import ArgumentParser
import Evaluator
import JSONLines

/// `evalmem report`: the HTML report.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write one self-contained HTML file with SVG charts of stored runs.",
        discussion: """
            Charts: accuracy against context length (one line per agent, with 95% interval bands), accuracy per
            competency, memory size against length, and where answers were lost (failure attribution), each with
            a table of the same numbers. No external assets: the file opens anywhere.
            """)

    @Option(help: "The score store.")
    var db: String

    @Option(help: "Runs to show, comma-separated ids or names (default: the newest run).")
    var runs: String?

    @Option(help: "The page title.")
    var title = "memkit evaluation report"

    @Option(name: .shortAndLong, help: "The HTML file to write ('-' for standard output).")
    var output: String

    func run() throws {
        let store = try openStore(db)
        try reportingStoreErrors {
            var chosen: [RunRecord] = []
            if let runs {
                for name in runs.split(separator: ",").map(String.init) {
                    guard let run = try store.run(named: name) else {
                        Output.error("evalmem: no run '\(name)' in \(db)")
                        throw ExitCode(1)
                    }
                    chosen.append(run)
                }
            } else if let newest = try store.runs().last {
                chosen = [newest]
            }
            guard !chosen.isEmpty else {
                Output.error("evalmem: \(db) holds no run")
                throw ExitCode(1)
            }
            let html = try HTMLReport(store: store, runs: chosen, title: title).html
            let writer = try JSONLinesWriter(path: output, compression: JSONLinesWriter.Compression.none)
            try writer.writeLine(Array(html.utf8.dropLast()))
            try writer.close()
        }
    }
}
