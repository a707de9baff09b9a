// Throughput benchmarks for memkit's I/O layers. Run through scripts/bench/jsonl.sh, never from `swift test`.
import DatasetBuilder
import Evaluator
import JSONLines
import MemorySim
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
    fail("usage: memkit-bench write-jsonl COUNT OUT.jsonl[.gz] [LEVEL] [heavy] | read-jsonl FILE | … "
         + "| scalar-class-runs -")
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
case "bm25":
    // bm25 ENTRIES QUERIES: top-20 search over ENTRIES items of 30-60 words.
    guard let entries = Int(arguments[2]) else { fail("bm25 ENTRIES [QUERIES]") }
    let queries = arguments.count >= 4 ? Int(arguments[3]) ?? 200 : 200
    var words = WordSource(seed: 1)
    do {
        var memory = try Memory()
        let t0 = now()
        for i in 0..<entries {
            _ = memory.execute(ToolCall(name: "new_memory_insert", arguments: [
                "memory_type": "semantic_memory", "content": .string(words.sentence(30...60))], assignedId: "i\(i)"))
        }
        let t1 = now()
        var hits = 0
        var worst = 0.0
        for _ in 0..<queries {
            let q = words.sentence(4...10)
            let s = now()
            hits += memory.search(.semantic, query: q, limit: 20, minimumScore: 0).count
            worst = max(worst, now() - s)
        }
        let t2 = now()
        print("entries=\(entries) build_s=\(t1 - t0) queries=\(queries) mean_query_ms=\((t2 - t1) / Double(queries) * 1000) "
            + "max_query_ms=\(worst * 1000) hits=\(hits)")
    } catch {
        fail("\(error)")
    }
case "scalar-class-runs":
    // Prints Sources/Tokenizer/ScalarClassRuns.swift (scripts/gen_scalar_class_runs.sh).
    let runs = ScalarClass.computeRuns()
    var lines = [
        "// Generated by scripts/gen_scalar_class_runs.sh (memkit-bench scalar-class-runs) from the Swift standard",
        "// library's Unicode properties; do not edit. \(runs.count) runs below U+40000, each `start << 8 | flags`.",
        "extension ScalarClass {",
        "    /// The precomputed class runs (see ``computeRuns()``).",
        "    static let runs: [UInt32] = [",
    ]
    var line = "       "
    for run in runs {
        let item = " 0x" + String(run, radix: 16) + ","
        if line.count + item.count > 120 {
            lines.append(line)
            line = "       "
        }
        line += item
    }
    if line != "       " { lines.append(line) }
    lines += ["    ]", "}"]
    print(lines.joined(separator: "\n"))
case "replay":
    // replay MODE [invented|prose]: 10k inserts, 2k updates, 1k deletes, 1k searches, interleaved; memory size read
    // every 10 ops.
    // Each pass replays into a fresh memory (cold lexicon); the best of seven passes is reported, since the shared
    // machines vary by up to a factor of two between runs. MODE `pipelined` runs the calls through a CallPipeline
    // (texts analysed ahead on a second thread, as evalmem's replay does); any other word calls Memory.execute one
    // call at a time.
    let plan = replayPlan(textSource(arguments))
    let pipelined = arguments[2] == "pipelined"
    do {
        var best = Double.infinity
        var errors = 0
        var sizeSum = 0
        for _ in 0..<7 {
            let pass = try replayPass(plan, pipelined: pipelined)
            best = min(best, pass.seconds)
            (errors, sizeSum) = (pass.errors, pass.sizeSum)
        }
        print("mode=\(pipelined ? "pipelined" : "serial") ops=\(plan.count) best_s=\(best) "
            + "ops_per_s=\(Double(plan.count) / best) errors=\(errors) size_checksum=\(sizeSum)")
        if !pipelined {
            var memory = try Memory()
            var byTool: [String: Double] = [:]
            for call in plan {
                let s = now()
                _ = memory.execute(call)
                byTool[call.name, default: 0] += now() - s
            }
            print("time by tool (s): "
                + byTool.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
        }
    } catch {
        fail("\(error)")
    }
case "replay-serve":
    // One replay pass (fresh memory) per line read from stdin; prints its seconds and size checksum. For
    // scripts/bench/ab.py, which alternates two builds (or two modes) pass by pass so that both see the same
    // machine state. MODE and texts as for `replay`.
    let plan = replayPlan(textSource(arguments))
    let pipelined = arguments[2] == "pipelined"
    do {
        while readLine() != nil {
            let pass = try replayPass(plan, pipelined: pipelined)
            print("\(pass.seconds) \(pass.sizeSum)")
            fflush(nil)
        }
    } catch {
        fail("\(error)")
    }
case "replay-search":
    // The replay's searches alone, over the memory its writes leave (all on the semantic list): the best of ten
    // passes of its queries.
    let plan = replayPlan()
    do {
        var memory = try Memory()
        var queries: [String] = []
        for call in plan {
            if call.name != "search_memory" {
                _ = memory.execute(call)
            } else if case .json(.object(let a)) = call.arguments, case .string(let q)? = a["query"] {
                queries.append(q)
            }
        }
        var best = Double.infinity
        var hits = 0
        var scoreSum = 0.0
        for _ in 0..<10 {
            hits = 0
            scoreSum = 0
            let t = now()
            for q in queries {
                for hit in memory.search(.semantic, query: q) {
                    hits += 1
                    scoreSum += hit.score
                }
            }
            best = min(best, now() - t)
        }
        print("queries=\(queries.count) best_s=\(best) us_per_query=\(best / Double(queries.count) * 1e6) "
            + "hits=\(hits) score_sum=\(scoreSum)")
    } catch {
        fail("\(error)")
    }
case "replay-parts":
    // The replay's components on their own: o200k counts of every written content (fresh and warm cache),
    // BM25 indexing of the inserted contents, and the searches over the final index.
    let plan = replayPlan()
    var contents: [String] = []
    var queries: [String] = []
    for call in plan {
        guard case .json(.object(let a)) = call.arguments else { continue }
        if case .string(let c)? = a["content"] ?? a["new_content"] { contents.append(c) }
        if case .string(let q)? = a["query"] { queries.append(q) }
    }
    do {
        let encoding = try Encoding.named(.o200kBase)
        for pass in 0..<2 {
            var cache = TokenCountCache()
            var total = 0
            var t = now()
            for c in contents { total &+= encoding.count(c, cache: &cache) }
            let fresh = now() - t
            t = now()
            for c in contents { total &+= encoding.count(c, cache: &cache) }
            let warm = now() - t
            t = now()
            index(contents, encoding)
            let indexing = now() - t
            var memory = try Memory()
            for call in plan where call.name != "search_memory" { _ = memory.execute(call) }
            t = now()
            var hits = 0
            for q in queries { hits += memory.search(.semantic, query: q).count }
            let searching = now() - t
            t = now()
            var memory2 = try Memory()
            for call in plan where call.name != "search_memory" { _ = memory2.execute(call) }
            let writes = now() - t
            if arguments[2] == "count" {
                t = now()
                for _ in 0..<20 { for c in contents { total &+= encoding.count(c, cache: &cache) } }
                print("bytes=\(contents.reduce(0) { $0 + $1.utf8.count }) warm_count_x20_ms=\((now() - t) * 1000)")
            }
            if arguments[2] == "bm25" {
                t = now()
                for _ in 0..<10 { index(contents, encoding) }
                print("bm25_append_x10_ms=\((now() - t) * 1000)")
            }
            print("pass \(pass): contents=\(contents.count) count_fresh_ms=\(fresh * 1000) count_warm_ms=\(warm * 1000) "
                + "bm25_append_ms=\(indexing * 1000) searches=\(queries.count) search_ms=\(searching * 1000) "
                + "writes_only_ms=\(writes * 1000) checksum=\(total &+ hits)")
        }
    } catch {
        fail("\(error)")
    }
case "store":
    // Score store: ROWS per-question rows (5 per question, 5 questions per instance) into a fresh file, then
    // compare that run with a second one.
    guard let rows = Int(arguments[2]), arguments.count >= 4 else { fail("store ROWS DB") }
    let path = arguments[3]
    for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
    var t = now()
    let report = EvaluationReport.synthetic(instances: max(1, rows / 25), questions: 5, samples: 1000)
    print("synthetic report: \(report.instances.count) instances, \(now() - t) s")
    do {
        let store = try ScoreStore(path: path)
        t = now()
        let a = try store.store(report, info: RunInfo(name: "a", toolVersion: "bench", commandLine: "bench"))
        print("stored \(rows) rows in \(now() - t) s")
        let b = try store.store(report, info: RunInfo(name: "b", toolVersion: "bench", commandLine: "bench"))
        t = now()
        let comparison = Comparison(baseline: try store.summaries(run: a), candidate: try store.summaries(run: b))
        print("compare: \(comparison.rows.count) rows, \(comparison.regressions.count) regressions, \(now() - t) s")
    } catch {
        fail("\(error)")
    }
default:
    fail("unknown benchmark \(arguments[1])")
}

/// Analyses and indexes texts as a fresh memory list would.
func index(_ texts: [String], _ encoding: Encoding) {
    var lexicon = Lexicon()
    var index = BM25Index()
    var entries: [UInt64] = []
    for text in texts {
        let bound = Lexicon.termBound(text.utf8.count)
        if entries.count < bound { entries += repeatElement(0, count: bound - entries.count) }
        entries.withUnsafeMutableBufferPointer { entries in
            let item = lexicon.analyzeItem(text, encoding: encoding, specialTokenTextCountsZero: true,
                                           entries: entries.baseAddress!)
            index.append(terms: UnsafeBufferPointer(rebasing: entries[0..<item.distinct]), length: item.length)
        }
    }
}

/// One timed pass of the replay benchmark into a fresh memory: its seconds, failed calls, and the sum of the memory
/// sizes read after every tenth call (a checksum of the results). Pipelined passes include starting and stopping
/// the look-ahead thread.
func replayPass(_ plan: [ToolCall], pipelined: Bool) throws -> (seconds: Double, errors: Int, sizeSum: Int) {
    var errors = 0
    var sizeSum = 0
    if pipelined {
        let memory = try Memory()
        let s = now()
        var pipeline = CallPipeline(memory: memory, calls: plan)
        for (i, call) in plan.enumerated() {
            if !pipeline.execute(call).succeeded { errors += 1 }
            if i % 10 == 9 { sizeSum &+= pipeline.totalTokens }
        }
        _ = pipeline.finish()
        return (now() - s, errors, sizeSum)
    }
    var memory = try Memory()
    let s = now()
    for (i, call) in plan.enumerated() {
        if !memory.execute(call).succeeded { errors += 1 }
        if i % 10 == 9 { sizeSum &+= memory.totalTokens }
    }
    return (now() - s, errors, sizeSum)
}

/// Where the replay's texts come from: `invented` words (the default and the worst case: a Zipf law over 20,000
/// invented words, few of them o200k tokens, so nearly every new word is a byte-pair merge), or `prose`, sentences
/// of mkdataset's generated instances (what an agent would store about its chunks).
func textSource(_ arguments: [String]) -> any SentenceSource {
    arguments.count > 3 && arguments[3] == "prose" ? ProseSource() : WordSource(seed: 2)
}

/// The replay benchmark's calls: 10k inserts, 2k updates, 1k deletes, 1k searches, interleaved.
func replayPlan(_ source: any SentenceSource = WordSource(seed: 2)) -> [ToolCall] {
    var words = source
    var rng = SplitMix(state: 3)
    var plan: [ToolCall] = []
    var liveIds: [String] = []
    var counts = (insert: 10_000, update: 2_000, delete: 1_000, search: 1_000)
    var next = 0
    while counts.insert + counts.update + counts.delete + counts.search > 0 {
        let r = Int(rng.next() % 14)
        let type: JSONValue = rng.next() % 2 == 0 ? "semantic_memory" : "episodic_memory"
        func insert() {
            let id = "r\(next)"
            next += 1
            liveIds.append(id)
            plan.append(ToolCall(name: "new_memory_insert", arguments: ["memory_type": "semantic_memory",
                "content": .string(words.sentence(8...40))], assignedId: id))
            counts.insert -= 1
        }
        if (r < 10 || liveIds.count < 50) && counts.insert > 0 {
            insert()
        } else if r < 12 && counts.update > 0 {
            plan.append(ToolCall(name: "memory_update", arguments: ["memory_type": "semantic_memory",
                "new_content": .string(words.sentence(8...40)), "memory_id": .string(liveIds[Int(rng.next() % UInt64(liveIds.count))])]))
            counts.update -= 1
        } else if r < 13 && counts.delete > 0 {
            let k = Int(rng.next() % UInt64(liveIds.count))
            plan.append(ToolCall(name: "memory_delete", arguments: ["memory_type": "semantic_memory",
                "memory_id": .string(liveIds[k])]))
            liveIds.remove(at: k)
            counts.delete -= 1
        } else if counts.search > 0 {
            plan.append(ToolCall(name: "search_memory", arguments: ["memory_type": type, "query": .string(words.sentence(3...8))]))
            counts.search -= 1
        } else if counts.insert > 0 {
            insert()
        } else if counts.update > 0 {
            plan.append(ToolCall(name: "memory_update", arguments: ["memory_type": "semantic_memory",
                "new_content": .string(words.sentence(8...40)), "memory_id": .string(liveIds[0])]))
            counts.update -= 1
        } else {
            plan.append(ToolCall(name: "memory_delete", arguments: ["memory_type": "semantic_memory",
                "memory_id": .string(liveIds.removeLast())]))
            counts.delete -= 1
        }
    }
    return plan
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

/// SplitMix64, for benchmark inputs.
struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Texts for the replay benchmark: item contents (8–40 words) and queries (3–8 words).
protocol SentenceSource {
    mutating func sentence(_ range: ClosedRange<Int>) -> String
}

/// Sentences of mkdataset's instances (five patterns, three 30k-token instances each, fixed seed), distinct, in
/// order, as item contents; queries are runs of 3–8 words from them.
struct ProseSource: SentenceSource {
    var sentences: [[Substring]] = []
    var next = 0
    var rng = SplitMix(state: 5)

    init() {
        var seen = Set<String>()
        for name in ["ar-doc", "ar-persona", "ar-sessions", "lru-book", "cr-updates"] {
            guard let pattern = PatternRegistry.named(name),
                  let generator = try? DatasetGenerator(options: .init(pattern: pattern, count: 3, seed: 7,
                                                                       lengths: [30_000]))
            else { fail("cannot generate \(name)") }
            for n in 0..<3 {
                guard let instances = try? generator.instances(number: n) else { fail("cannot generate \(name)") }
                for chunk in instances[0].chunks {
                    for line in chunk.text.split(separator: "\n") {
                        for sentence in line.split(separator: ". ") {
                            let words = sentence.split(separator: " ")
                            // Distinct contents only, so that no insert is skipped as a duplicate.
                            if words.count >= 8 && seen.insert(words.prefix(40).joined(separator: " ")).inserted {
                                sentences.append(Array(words.prefix(40)))
                            }
                        }
                    }
                }
            }
        }
    }

    mutating func sentence(_ range: ClosedRange<Int>) -> String {
        if range.upperBound >= 8 {
            defer { next += 1 }
            return sentences[next % sentences.count].joined(separator: " ") + "."
        }
        let words = sentences[Int(rng.next() % UInt64(sentences.count))]
        let n = range.lowerBound + Int(rng.next() % UInt64(range.count))
        let start = Int(rng.next() % UInt64(max(1, words.count - n)))
        return words[start..<min(words.count, start + n)].joined(separator: " ")
    }
}

/// Sentences of words with a Zipf-like frequency over a 20,000-word vocabulary (so some words are in most items).
struct WordSource: SentenceSource {
    var rng: SplitMix
    let vocabulary: [String]

    init(seed: UInt64) {
        rng = SplitMix(state: seed)
        let syllables = ["ka", "lo", "mir", "ven", "tas", "dru", "pel", "zor", "qui", "ban", "sel", "tho", "ria", "gun"]
        var v: [String] = ["the", "of", "and", "to", "in", "a", "is", "was", "user", "memory"]
        var g = SplitMix(state: 99)
        while v.count < 20_000 {
            var w = ""
            for _ in 0..<(2 + Int(g.next() % 3)) { w += syllables[Int(g.next() % UInt64(syllables.count))] }
            v.append(w)
        }
        vocabulary = v
    }

    mutating func word() -> String {
        // Zipf-like: index = floor(N^u) - 1 for uniform u.
        let u = Double(rng.next() >> 11) * 0x1.0p-53
        let i = min(vocabulary.count - 1, Int(pow(Double(vocabulary.count), u)) - 1)
        return vocabulary[max(0, i)]
    }

    mutating func sentence(_ range: ClosedRange<Int>) -> String {
        let n = range.lowerBound + Int(rng.next() % UInt64(range.count))
        var words: [String] = []
        for _ in 0..<n { words.append(word()) }
        return words.joined(separator: " ") + "."
    }
}
