import ArgumentParser
import DatasetBuilder
import DatasetFormat
import JSONLines

#if canImport(Glibc)
import Glibc
#endif

/// `mkdataset [generate] --pattern P …`: synthesizes a dataset.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Synthesize instances of a pattern at exact lengths in o200k tokens (the default command).",
        discussion: """
            Lengths accept k (×1,000) and m (×1,000,000): 30k, 421k, 1m. Several --lengths make a nested sweep:
            the same world, facts and questions at every length, with only the haystack growing. Output is gzip
            JSON Lines (schema memkit.instance/1) plus OUT.manifest.json; both appear only when complete.
            Shards: --shard i/n writes the i-th contiguous slice; the shards' decompressed concatenation equals
            the unsharded file. `mkdataset patterns` lists the patterns.
            """)

    @Option(help: "The pattern to generate (see `mkdataset patterns`).")
    var pattern: String = "ar-doc"

    @Option(help: "Target length of each instance in o200k tokens, wrappers included (e.g. 30k).")
    var tokens: String?

    @Option(help: "Comma-separated target lengths for a nested sweep (e.g. 32k,64k,128k,256k,421k).")
    var lengths: String?

    @Option(help: "How many instances (per length).")
    var count: Int = 1

    @Option(help: "The seed (0 to 2^63-1); the same seed gives byte-identical output.")
    var seed: UInt64 = 1

    @Option(help: "Maximum tokens per chunk (default: the pattern's, 2048 for most).")
    var chunkTokens: Int?

    @Option(help: "Where the evidence goes: 'spread' (default) or a relative position from 0 to 1.")
    var depth: String = "spread"

    @Option(help: "Worker threads; the output does not depend on it.")
    var jobs: Int = 1

    @Option(help: "Write only shard i of n, as 'i/n' (0-based); defaults to the SHARD environment variable form.")
    var shard: String?

    @Option(name: [.short, .long], help: "Output file ('-' for standard output); a .gz name is gzip.")
    var output: String = "dataset.jsonl.gz"

    @Option(help: """
        gzip level for a .gz output, 1 (fastest, about 18% larger here) to 9. The default 6 gives gzip -6's size; \
        4 compresses about 40% faster for files about 5% larger. The content is the same at every level.
        """)
    var gzipLevel: Int = 6

    @Flag(help: "Print the manifest as JSON at the end.")
    var json = false

    static func parseSize(_ text: String) -> Int? {
        let lower = text.lowercased()
        if let n = Int(lower) { return n }
        if lower.hasSuffix("k"), let n = Double(lower.dropLast()) { return Int((n * 1_000).rounded()) }
        if lower.hasSuffix("m"), let n = Double(lower.dropLast()) { return Int((n * 1_000_000).rounded()) }
        return nil
    }

    func targetLengths() throws -> [Int] {
        if let lengths {
            let parsed = lengths.split(separator: ",").map { Generate.parseSize(String($0)) }
            guard !parsed.isEmpty, parsed.allSatisfy({ ($0 ?? 0) >= 1_000 }) else {
                throw ValidationError("--lengths takes sizes of at least 1k, e.g. 32k,64k")
            }
            return parsed.compactMap { $0 }
        }
        guard let value = Generate.parseSize(tokens ?? "4k"), value >= 1_000 else {
            throw ValidationError("--tokens takes a size of at least 1k, e.g. 30k")
        }
        return [value]
    }

    func shardSpec() throws -> (Int, Int) {
        guard let shard else { return (0, 1) }
        let parts = shard.split(separator: "/").map { Int($0) }
        guard parts.count == 2, let i = parts[0], let n = parts[1], n >= 1, i >= 0, i < n else {
            throw ValidationError("--shard takes i/n with 0 <= i < n, e.g. 3/16")
        }
        return (i, n)
    }

    func run() throws {
        guard let chosen = PatternRegistry.named(pattern) else {
            throw ValidationError("unknown pattern '\(pattern)'; known: "
                + PatternRegistry.all.map(\.name).joined(separator: ", "))
        }
        guard let evidenceDepth = EvidenceDepth(argument: depth) else {
            throw ValidationError("--depth takes 'spread' or a number from 0 to 1")
        }
        guard count >= 0, jobs >= 1, seed <= UInt64(Int64.max) else {
            throw ValidationError("--count must be >= 0, --jobs >= 1 and --seed at most 2^63-1")
        }
        if let chunkTokens, chunkTokens < 128 { throw ValidationError("--chunk-tokens must be at least 128") }
        guard (1...9).contains(gzipLevel) else { throw ValidationError("--gzip-level takes 1 to 9") }
        let options = DatasetGenerator.Options(
            pattern: chosen, count: count, seed: seed, lengths: try targetLengths(), chunkTokens: chunkTokens,
            depth: evidenceDepth, shard: try shardSpec(), jobs: jobs)
        let generator: DatasetGenerator
        let writer: DatasetWriter
        do {
            generator = try DatasetGenerator(options: options)
            writer = try DatasetWriter(path: output, gzipLevel: gzipLevel)
        } catch {
            Diagnostics.error("mkdataset: \(error)")
            throw ExitCode(4)
        }
        let total = options.numbers.count * options.lengths.count
        var progress = ProgressBar(total: total)
        do {
            try generator.generate { instance in
                try writer.write(instance)
                progress.advance()
            }
            progress.finish()
            let manifest = try writer.close(options: options, commandLine: CommandLine.arguments)
            if json { print(manifest.jsonString) } else if output != "-" {
                Diagnostics.error("mkdataset: wrote \(writer.written) instances to \(output) (manifest: \(output).manifest.json)")
            }
        } catch let error as BuildError {
            Diagnostics.error("mkdataset: \(error)")
            throw ExitCode(1)
        } catch {
            Diagnostics.error("mkdataset: \(error)")
            throw ExitCode(4)
        }
    }
}

/// `mkdataset patterns`: lists the patterns.
struct Patterns: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the patterns with a description.")

    @Flag(help: "Print JSON.")
    var json = false

    func run() {
        if json {
            print(JSONValue.array(PatternRegistry.all.map { p in
                ["name": .string(p.name), "competency": .string(p.competency.rawValue),
                 "data_source": .string(p.dataSource), "summary": .string(p.summary),
                 "chunk_tokens": .int(Int64(p.defaultChunkTokens))]
            }).jsonString)
            return
        }
        for p in PatternRegistry.all {
            print("\(p.name)\t\(p.competency.rawValue)\t\(p.dataSource)\t\(p.summary)")
        }
    }
}

/// `mkdataset validate FILE`: checks a dataset.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a dataset: schema, duplicate ids, answers in their evidence, leakage, token counts.",
        discussion: "Exit status 0 when the file is clean, 1 with a list of problems, 3 when the file cannot be read.")

    @Argument(help: "The dataset file, or '-' for standard input.")
    var file: String

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() throws {
        let validator: DatasetValidator
        do {
            validator = try DatasetValidator()
        } catch {
            Diagnostics.error("mkdataset: \(error)")
            throw ExitCode(1)
        }
        let (problems, instances) = validator.validate(path: file)
        if json {
            print(JSONValue.object([
                "path": .string(file), "instances": .int(Int64(instances)), "valid": .bool(problems.isEmpty),
                "problems": .array(problems.map { .string($0.description) }),
            ]).jsonString)
        } else {
            for p in problems { print("\(file): \(p)") }
            print(problems.isEmpty ? "\(file): \(instances) instances, no problems"
                                   : "\(file): \(problems.count) problems in \(instances) instances")
        }
        if problems.contains(where: \.unreadable) { throw ExitCode(3) }
        if !problems.isEmpty { throw ExitCode(1) }
    }
}

/// A progress bar on standard error, drawn only when it is a terminal.
struct ProgressBar {
    let total: Int
    var done = 0
    let enabled = isatty(2) == 1

    init(total: Int) { self.total = total }

    mutating func advance() {
        done += 1
        guard enabled, total > 0 else { return }
        let width = 30
        let filled = done * width / total
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
        Diagnostics.raw("\r[\(bar)] \(done)/\(total)")
    }

    func finish() {
        if enabled && total > 0 { Diagnostics.raw("\n") }
    }
}
