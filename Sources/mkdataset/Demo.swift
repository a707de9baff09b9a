import ArgumentParser
import DatasetBuilder
import DatasetFormat
import JSONLines

#if canImport(Glibc)
import Glibc
#endif

/// `mkdataset demo`: writes a small demo dataset and reads it back to check it.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a small demo dataset, then read it back and check every instance.")

    @Option(name: [.short, .long], help: "Where to write the dataset ('-' for standard output). A .gz name is gzip.")
    var output: String = "demo.jsonl.gz"

    @Option(help: "How many instances to write.")
    var count: Int = 8

    @Option(help: "The seed; the same seed always gives byte-identical output.")
    var seed: UInt64 = 1

    @Flag(help: "Print the summary as JSON instead of text.")
    var json = false

    func validate() throws {
        guard count >= 0 else { throw ValidationError("--count must be zero or more") }
        guard seed <= UInt64(Int64.max) else { throw ValidationError("--seed must be at most 2^63-1") }
    }

    func run() throws {
        let instances: [Instance]
        do {
            instances = try DemoDataset.make(count: count, seed: seed)
        } catch {
            Diagnostics.error("mkdataset: \(error)")
            throw ExitCode(1)
        }
        do {
            let writer = try InstanceWriter(path: output)
            for instance in instances { try writer.write(instance) }
            try writer.close()
        } catch {
            Diagnostics.error("mkdataset: \(error)")
            throw ExitCode(4)
        }
        guard output != "-" else { return }
        let readBack: [Instance]
        do {
            readBack = try InstanceReader(path: output).readAll()
        } catch {
            Diagnostics.error("mkdataset: \(error)")
            throw ExitCode(3)
        }
        guard readBack == instances else {
            Diagnostics.error("mkdataset: \(output) did not read back to the instances written")
            throw ExitCode(1)
        }
        let questions = readBack.reduce(0) { $0 + $1.questions.count }
        let chunks = readBack.reduce(0) { $0 + $1.chunks.count }
        if json {
            let summary: JSONValue = [
                "path": .string(output), "instances": .int(Int64(readBack.count)),
                "chunks": .int(Int64(chunks)), "questions": .int(Int64(questions)), "verified": true,
            ]
            print(summary.jsonString)
        } else {
            print("wrote \(output): \(readBack.count) instances, \(chunks) chunks, \(questions) questions; read back and verified")
        }
    }
}

/// Writing diagnostics to standard error.
enum Diagnostics {
    static func raw(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { _ = write(2, $0.baseAddress, $0.count) }
    }

    static func error(_ text: String) {
        var line = Array(text.utf8)
        line.append(0x0A)
        line.withUnsafeBytes { _ = write(2, $0.baseAddress, $0.count) }
    }
}
