import ArgumentParser
import DatasetFormat
import JSONLines

#if canImport(Glibc)
import Glibc
#endif

/// `evalmem summary`: reads a dataset and prints its size by data source.
struct Summary: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read a dataset (plain or gzip JSON Lines) and print instances, chunks, tokens and questions.")

    @Argument(help: "The dataset file, or '-' for standard input.")
    var dataset: String

    @Flag(help: "Print the summary as JSON instead of text.")
    var json = false

    func run() throws {
        struct Totals { var instances = 0, chunks = 0, tokens = 0, questions = 0 }
        var bySource: [String: Totals] = [:]
        do {
            let reader = try InstanceReader(path: dataset)
            while let (instance, _) = try reader.next() {
                var t = bySource[instance.dataSource, default: Totals()]
                t.instances += 1
                t.chunks += instance.chunks.count
                t.tokens += instance.stats.totalTokens
                t.questions += instance.questions.count
                bySource[instance.dataSource] = t
            }
        } catch {
            var line = Array("evalmem: \(error)\n".utf8)
            line.withUnsafeMutableBytes { _ = write(2, $0.baseAddress, $0.count) }
            throw ExitCode(error.code == .stream ? 3 : 1)
        }
        let sources = bySource.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        if json {
            var rows: [JSONValue] = []
            for source in sources {
                let t = bySource[source, default: Totals()]
                rows.append([
                    "data_source": .string(source), "instances": .int(Int64(t.instances)),
                    "chunks": .int(Int64(t.chunks)), "tokens": .int(Int64(t.tokens)),
                    "questions": .int(Int64(t.questions)),
                ])
            }
            print(JSONValue.object(["path": .string(dataset), "sources": .array(rows)]).jsonString)
            return
        }
        print("data_source          instances    chunks        tokens  questions")
        for source in sources {
            let t = bySource[source, default: Totals()]
            func pad(_ s: String, _ width: Int, left: Bool = false) -> String {
                let fill = String(repeating: " ", count: max(0, width - s.count))
                return left ? s + fill : fill + s
            }
            print(pad(source, 20, left: true) + pad("\(t.instances)", 10) + pad("\(t.chunks)", 10)
                + pad("\(t.tokens)", 14) + pad("\(t.questions)", 11))
        }
    }
}
