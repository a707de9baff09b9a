import DatasetFormat
import JSONLines

/// Writes generated instances and, on close, a manifest beside the file (`OUT.manifest.json`): counts per pattern
/// and length, token statistics against the targets, the file's SHA-256, the generator version, the command line
/// and the seed. Both files appear only when complete.
public final class DatasetWriter {
    let writer: InstanceWriter
    let path: String
    var perLength: [Int: (count: Int, min: Int, max: Int, sum: Int, worst: Double)] = [:]
    var patterns: [String: Int] = [:]
    /// Instances written so far.
    public private(set) var written = 0

    /// Opens `path`: gzip at `gzipLevel` (1–9; 6 by default, which matches `gzip -6`'s size) when it ends in
    /// `.gz`, plain otherwise. The level changes the compressed bytes and the file's SHA-256, never the content.
    public init(path: String, gzipLevel: Int = 6) throws(DatasetFormatError) {
        precondition((1...9).contains(gzipLevel), "gzip level must be 1...9")
        self.path = path
        writer = try InstanceWriter(path: path, compression: path.hasSuffix(".gz") ? .gzip(level: gzipLevel) : nil)
    }

    /// Appends one instance and accounts for it.
    public func write(_ instance: Instance) throws(DatasetFormatError) {
        try writer.write(instance)
        written += 1
        patterns[instance.pattern, default: 0] += 1
        let target = instance.stats.targetTokens ?? instance.stats.totalTokens
        let total = instance.stats.totalTokens
        let error = target > 0 ? abs(Double(total - target)) / Double(target) : 0
        var s = perLength[target] ?? (0, Int.max, 0, 0, 0)
        s.count += 1
        s.min = Swift.min(s.min, total)
        s.max = Swift.max(s.max, total)
        s.sum += total
        s.worst = Swift.max(s.worst, error)
        perLength[target] = s
    }

    /// Finishes the data file, then writes the manifest (unless writing to standard output) and returns it.
    @discardableResult
    public func close(options: DatasetGenerator.Options, commandLine: [String]) throws(DatasetFormatError) -> JSONValue {
        try writer.close()
        var file: [String: JSONValue] = ["path": .string(path)]
        if path != "-" {
            do {
                file["sha256"] = .string(try SHA256.file(path: path))
            } catch {
                throw DatasetFormatError(error)
            }
        }
        let lengths: [JSONValue] = perLength.keys.sorted().map { target in
            let s = perLength[target] ?? (0, 0, 0, 0, 0)
            return [
                "target_tokens": .int(Int64(target)), "instances": .int(Int64(s.count)),
                "tokens_min": .int(Int64(s.min)), "tokens_max": .int(Int64(s.max)),
                "tokens_mean": .double(s.count > 0 ? Double(s.sum) / Double(s.count) : 0),
                "max_relative_error": .double(s.worst),
            ]
        }
        let manifest: JSONValue = [
            "schema": "memkit.manifest/1",
            "generator": ["name": "mkdataset", "version": .string(DatasetGenerator.version)],
            "command_line": .array(commandLine.map { .string($0) }),
            "seed": .int(Int64(clamping: options.seed)),
            "parameters": [
                "pattern": .string(options.pattern.name), "count": .int(Int64(options.count)),
                "lengths": .array(options.lengths.map { .int(Int64($0)) }),
                "chunk_tokens": .int(Int64(options.chunkTokens)), "depth": options.depth.json,
                "shard": .string("\(options.shard.index)/\(options.shard.total)"),
            ],
            "instances": .int(Int64(written)),
            "patterns": .object(patterns.mapValues { .int(Int64($0)) }),
            "lengths": .array(lengths),
            "file": .object(file),
            "tokenizer": "o200k_base",
        ]
        if path != "-" {
            do {
                let m = try JSONLinesWriter(path: path + ".manifest.json", compression: JSONLinesWriter.Compression.none)
                try m.write(manifest)
                try m.close()
            } catch {
                throw DatasetFormatError(error)
            }
        }
        return manifest
    }
}
