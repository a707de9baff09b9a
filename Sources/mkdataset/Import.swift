import ArgumentParser
import DatasetBuilder
import DatasetFormat
import JSONLines

/// `mkdataset import --from SOURCE FILE -o OUT`.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Convert LongMemEval or LoCoMo data into memkit instances (schema memkit.instance/1).",
        discussion: """
            longmemeval: one instance per question; each haystack session is a chunk in Mem-α's session layout,
            dated; question_type and question_date are kept; ids ending in _abs become abstention questions;
            evidence is the has_answer turns of the answer sessions (the whole session when none is marked).
            locomo: one instance per conversation; each session is a chunk dated by its date_time; QA categories
            1 multi-hop, 2 temporal, 3 open-domain, 4 single-hop, 5 adversarial (abstention; its answer is kept in
            metadata.adversarial_answers); evidence dialogue ids become chunk spans.
            Input: a JSON list, or JSON Lines. Sessions longer than --chunk-tokens are split at turn boundaries.
            Everything not imported, not mapped or changed is listed with counts and examples; a malformed
            record is an error naming the file, the record, the instance and the field.
            """)

    @Option(help: "The source format: longmemeval or locomo.")
    var from: String

    @Argument(help: "The source file.")
    var file: String

    @Option(name: [.short, .long], help: "Output file ('-' for standard output); a .gz name is gzip.")
    var output: String

    @Option(help: "Maximum tokens per chunk; longer sessions are split at turn boundaries.")
    var chunkTokens: Int = 2048

    @Flag(help: "Print the import report as JSON.")
    var json = false

    func run() throws {
        guard let source = ImportSource(rawValue: from) else {
            throw ValidationError("--from takes " + ImportSource.allCases.map(\.rawValue).joined(separator: " or "))
        }
        guard chunkTokens >= 64 else { throw ValidationError("--chunk-tokens must be at least 64") }
        let result: (instances: [Instance], report: ImportReport)
        do {
            result = try source.importFile(path: file, chunkTokens: chunkTokens)
        } catch {
            Diagnostics.error("mkdataset import: \(error)")
            throw ExitCode(error.code == .stream ? 3 : 1)
        }
        do {
            let writer = try InstanceWriter(path: output)
            for instance in result.instances { try writer.write(instance) }
            try writer.close()
        } catch {
            Diagnostics.error("mkdataset import: \(error)")
            throw ExitCode(4)
        }
        if json {
            print(result.report.json.jsonString)
            return
        }
        let r = result.report
        Diagnostics.error("mkdataset import: wrote \(r.counts["instances"] ?? 0) instances, \(r.counts["questions"] ?? 0) "
            + "questions, \(r.counts["chunks"] ?? 0) chunks to \(output)")
        for key in r.counts.keys.sorted() where !["instances", "questions", "chunks"].contains(key) {
            Diagnostics.error("  \(key): \(r.counts[key] ?? 0)")
        }
        for key in r.notes.keys.sorted() {
            let note = r.notes[key] ?? (0, [])
            Diagnostics.error("  note \(key): \(note.count) (e.g. \(note.examples.joined(separator: "; ")))")
        }
    }
}
