// Throughput benchmarks for memkit's I/O layers. Run through scripts/bench/jsonl.sh, never from `swift test`.
import JSONLines
import Tokenizer

#if canImport(Glibc)
import Glibc
#endif

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

func fail(_ message: String) -> Never {
    let text = Array("memkit-bench: \(message)\n".utf8)
    text.withUnsafeBytes { _ = write(2, $0.baseAddress, $0.count) }
    exit(2)
}

/// Builds `count` records of about 2 KB, deterministically. `heavy` packs an escape every ~30 bytes (a stress
/// case); otherwise the text is prose-like, with a newline per sentence and a few quotes and non-ASCII words,
/// like the chunks of a memkit dataset.
func makeRecords(count: Int, heavy: Bool) -> [JSONValue] {
    var state: UInt64 = 42
    func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    let heavyWords = ["memory", "agent", "chunk", "the", "of", "Orvale", "semantic", "episodic", "recall", "café",
                      "2024-01-03", "token", "\"quoted\"", "naïve", "東京", "line\nbreak", "tab\there", "42", "value"]
    let proseWords = ["the", "of", "and", "a", "to", "in", "was", "he", "she", "that", "it", "with", "as", "for",
                      "on", "memory", "river", "Orvale", "market", "kept", "ledger", "morning", "quietly", "north",
                      "2024-01-03", "café", "naïve", "東京", "\"home\"", "between", "stone", "bridge", "letter", "17"]
    let words = heavy ? heavyWords : proseWords
    var records: [JSONValue] = []
    records.reserveCapacity(count)
    for i in 0..<count {
        var text = ""
        var inSentence = 0
        while text.utf8.count < 1700 {
            text += words[Int(next() % UInt64(words.count))]
            inSentence += 1
            if !heavy && inSentence >= 14 {
                text += ".\n"
                inSentence = 0
            } else {
                text += " "
            }
        }
        records.append([
            "id": .string("inst-\(i)"), "index": .int(Int64(i)), "score": .double(Double(next() % 10000) / 977.0),
            "text": .string(text), "tags": ["a", "b", .int(Int64(next() % 1000))], "flag": .bool(i % 2 == 0),
            "meta": ["source": "squad", "seed": .int(Int64(next() >> 2)), "nested": [1, 2.5, nil]],
        ])
    }
    return records
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    fail("usage: memkit-bench write-jsonl COUNT OUT.jsonl[.gz] [LEVEL] [heavy] | read-jsonl FILE")
}
switch arguments[1] {
case "write-jsonl":
    guard let count = Int(arguments[2]), arguments.count >= 4 else { fail("write-jsonl COUNT OUT [LEVEL]") }
    let level = arguments.count >= 5 ? Int(arguments[4]) ?? 6 : 6
    let records = makeRecords(count: count, heavy: arguments.count >= 6 && arguments[5] == "heavy")
    // Serialize first, so the timed part is compression plus I/O, comparable with `gzip -6`.
    var lines: [[UInt8]] = []
    lines.reserveCapacity(count)
    let t0 = now()
    for r in records { lines.append(r.jsonBytes) }
    let t1 = now()
    do {
        let path = arguments[3]
        let writer = try JSONLinesWriter(
            path: path, compression: path.hasSuffix(".gz") ? .gzip(level: level) : JSONLinesWriter.Compression.none)
        for line in lines { try writer.writeLine(line) }
        try writer.close()
        let t2 = now()
        let bytes = Double(writer.bytesWritten)
        print("serialize_s=\(t1 - t0) write_s=\(t2 - t1) bytes=\(Int(bytes)) "
            + "serialize_MBps=\(bytes / (t1 - t0) / 1e6) write_MBps=\(bytes / (t2 - t1) / 1e6)")
    } catch {
        fail("\(error)")
    }
case "read-jsonl":
    do {
        let t0 = now()
        let reader = try JSONLinesReader(path: arguments[2])
        var bytes = 0
        var values = 0
        var checksum = 0
        while let (value, _) = try reader.nextValue() {
            if case .object(let o) = value { checksum &+= o.count }
            values += 1
        }
        bytes = reader.bytesRead
        let t1 = now()
        print("read_s=\(t1 - t0) bytes=\(bytes) records=\(values) checksum=\(checksum) "
            + "read_parse_MBps=\(Double(bytes) / (t1 - t0) / 1e6)")
    } catch {
        fail("\(error)")
    }
case "tokens":
    // tokens FILE [ENCODING]: load time, then single-thread encode and count throughput on the file's text.
    guard let data = FileManager_read(arguments[2]) else { fail("cannot read \(arguments[2])") }
    let name = arguments.count >= 4 ? arguments[3] : "o200k_base"
    do {
        let t0 = now()
        let enc = try Encoding.named(name)
        let t1 = now()
        let text = String(decoding: data, as: UTF8.self)
        var best = Double.infinity
        var ids: [UInt32] = []
        for _ in 0..<3 {
            let s = now()
            ids = enc.encode(text)
            best = min(best, now() - s)
        }
        var bestCount = Double.infinity
        var n = 0
        for _ in 0..<3 {
            let s = now()
            n = enc.count(text)
            bestCount = min(bestCount, now() - s)
        }
        let mb = Double(data.count) / 1e6
        print("encoding=\(name) load_ms=\(Int((t1 - t0) * 1000)) bytes=\(data.count) tokens=\(ids.count) "
            + "encode_s=\(best) encode_MBps=\(mb / best) count_s=\(bestCount) count_MBps=\(mb / bestCount) count=\(n)")
    } catch {
        fail("\(error)")
    }
default:
    fail("unknown benchmark \(arguments[1])")
}

/// Reads a whole file (benchmark input only).
func FileManager_read(_ path: String) -> [UInt8]? {
    guard let f = fopen(path, "rb") else { return nil }
    defer { fclose(f) }
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while true {
        let n = fread(&chunk, 1, chunk.count, f)
        if n <= 0 { break }
        out.append(contentsOf: chunk[0..<n])
    }
    return out
}
