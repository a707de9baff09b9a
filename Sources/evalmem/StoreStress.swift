import ArgumentParser
import Evaluator

#if canImport(Glibc)
import Glibc
#endif

/// `evalmem store-stress` (hidden): writes synthetic runs into a score store, for the concurrency and kill tests.
struct StoreStress: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store-stress", abstract: "Write synthetic runs into a score store (tests and benchmarks).",
        shouldDisplay: false)

    @Option(help: "The score store.")
    var db: String

    @Option(help: "Runs to write, one transaction each.")
    var runs = 1

    @Option(help: "Instances per run (5 questions each, 5 rows per question).")
    var instances = 1

    @Option(help: "Seconds to wait inside the last run's transaction, after its rows, before committing.")
    var holdSeconds: UInt32 = 0

    @Option(help: "The run name.")
    var name = "stress"

    func run() throws {
        do {
            let store = try ScoreStore(path: db)
            let report = EvaluationReport.synthetic(instances: instances, questions: 5, samples: 20)
            for k in 0..<runs {
                let info = RunInfo(name: name, toolVersion: EvalMem.configuration.version, commandLine: "store-stress")
                if k == runs - 1 && holdSeconds > 0 {
                    try store.database.transaction { () throws(SQLiteError) in
                        _ = try store.insert(report, info: info)
                        Output.line(Array("holding".utf8))
                        sleep(holdSeconds)
                    }
                } else {
                    try store.store(report, info: info)
                }
            }
        } catch {
            Output.error("evalmem store-stress: \(error)")
            throw ExitCode(4)
        }
    }
}
