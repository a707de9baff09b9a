import DatasetFormat
import JSONLines
import Tokenizer

/// Where the evidence sentences go in the stream.
public enum EvidenceDepth: Sendable, Equatable {
    /// Evenly through the stream.
    case spread
    /// Together, at a relative position from 0 (start) to 1 (end).
    case at(Double)

    /// Parses `spread` or a number in 0…1.
    public init?(argument: String) {
        if argument == "spread" {
            self = .spread
        } else if let x = Double(argument), x >= 0, x <= 1 {
            self = .at(x)
        } else {
            return nil
        }
    }

    var json: JSONValue {
        switch self {
        case .spread: return "spread"
        case .at(let x): return .double(x)
        }
    }
}

/// Errors from building instances.
public struct BuildError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    /// `mkdataset: message`.
    public var description: String { message }
}

/// The one routine that turns a pattern's plan into an instance of an exact length: it fills the stream with
/// distractors until the o200k total of the chunk texts (wrappers included) meets the target, packs sentences
/// into chunks at sentence boundaries, and records each answer's evidence span. Every pattern goes through it.
public struct InstanceAssembler: Sendable {
    let encoding: Encoding

    /// Creates an assembler counting with o200k_base.
    public init() throws(TokenizerError) {
        encoding = try Encoding.named(.o200kBase)
    }

    /// One sentence of the stream. Its text `arena[text ..< end]` sits in the assembly's byte arena between its
    /// joiner's prefix and suffix, so that the joined form is counted and copied where it lies.
    struct Item {
        var text: Int
        var end: Int
        var tokens: Int
        /// The fact index, or -1 for a distractor.
        var fact: Int
        /// Whether this part is recorded as evidence of its fact's question.
        var isEvidence = true
    }

    /// What stands in for the caller's memo while an instance is assembled; never used for counting.
    static let placeholder = TokenCountCache(capacity: 1)

    struct Frame {
        var header: String
        var footer: String
        var timestamp: String
        var tokens: Int
    }

    /// Builds the instance for `target` tokens.
    /// - Complexity: O(target) token counting, plus O(log target) cheap packing passes.
    public func assemble(pattern: any Pattern, plan: PatternPlan, seed: UInt64, number: Int, target: Int,
                         chunkTokens: Int, depth: EvidenceDepth, id: String) throws(BuildError) -> Instance {
        var cache = TokenCountCache()
        return try assemble(pattern: pattern, plan: plan, seed: seed, number: number, target: target,
                            chunkTokens: chunkTokens, depth: depth, id: id, cache: &cache)
    }

    /// ``assemble(pattern:plan:seed:number:target:chunkTokens:depth:id:)`` with a token-count memo that the
    /// caller keeps across instances (the grammar's words recur in every instance). Counts, and so the output,
    /// do not depend on what the memo holds.
    public func assemble(pattern: any Pattern, plan: PatternPlan, seed: UInt64, number: Int, target: Int,
                         chunkTokens: Int, depth: EvidenceDepth, id: String,
                         cache memo: inout TokenCountCache) throws(BuildError) -> Instance {
        // The nested helpers below capture the memo, so it is moved into a local for the duration (no copy). The
        // placeholder left in its place shares one empty cache's storage (a new one allocated some 100 KB).
        var cache = InstanceAssembler.placeholder
        swap(&cache, &memo)
        defer { swap(&cache, &memo) }
        let joiner = plan.wrapper.joiner
        let prefix = Array(joiner.prefix.utf8)
        let suffix = Array(joiner.suffix.utf8)
        // Every sentence's bytes, facts first, then distractors as they are generated.
        var arena = ByteArena(capacity: 1 << 16)
        // Each template's constant and each keyed value's count (see `countShaped`), learned as sentences are counted.
        var shapes = ShapeMemo()
        // Parts in placement order: every fact's first part, then every fact's second part, and so on.
        var facts: [Item] = []
        let maxParts = plan.facts.map(\.parts.count).max() ?? 0
        for j in 0..<maxParts {
            for (k, f) in plan.facts.enumerated() where j < f.parts.count {
                facts.append(appendItem(to: &arena, prefix, suffix, fact: k,
                                        isEvidence: f.evidenceParts?.contains(j) ?? true, &shapes, &cache) {
                    out, _ in out.put(f.parts[j])
                })
            }
        }
        let factTokens = facts.reduce(0) { $0 + $1.tokens }
        guard factTokens + 64 <= target else {
            throw BuildError(message: "--tokens \(target) is too small for \(pattern.name): its \(facts.count) "
                + "evidence sentences alone take \(factTokens) tokens")
        }
        var frames: [Frame] = []
        func frame(_ c: Int) -> Frame {
            while frames.count <= c {
                var rng = SeededRandom(seed: seed &+ UInt64(number), stream: UInt64(frames.count) &+ 0xF7A3)
                let f = plan.wrapper.frame(index: frames.count, rng: &rng)
                frames.append(Frame(header: f.header, footer: f.footer, timestamp: f.timestamp,
                                    tokens: encoding.count(f.header + f.footer, cache: &cache)))
            }
            return frames[c]
        }
        guard frame(0).tokens + 32 < chunkTokens else {
            throw BuildError(message: "--chunk-tokens \(chunkTokens) leaves no room inside the chunk wrapper")
        }
        var distractors: [Item] = []
        func ensureDistractors(_ n: Int) {
            // The captured state goes to the loop as parameters: each access to a captured variable is checked for
            // exclusivity at run time, which cost two checks per distractor when the loop was written here.
            if distractors.count < n {
                appendDistractors(upTo: n, plan, prefix, suffix, &distractors, &arena, &cache, &shapes)
            }
        }

        // The stream for D distractors: facts inserted among them at their depth. `forEachInStream` walks it
        // without building it (fact k, or distractor -1 - i).
        func position(_ k: Int, _ d: Int) -> Int {
            switch depth {
            case .spread: return Int((Double(k) + 0.5) / Double(facts.count) * Double(d))
            case .at(let x): return Int(x * Double(d))
            }
        }
        func forEachInStream(_ d: Int, _ body: (Int) -> Void) {
            ensureDistractors(d)
            var k = 0
            var next = facts.isEmpty ? Int.max : position(0, d)
            for i in 0...d {
                while next <= i {
                    body(k)
                    k += 1
                    next = k < facts.count ? position(k, d) : Int.max
                }
                if i < d { body(-1 - i) }
            }
        }
        func stream(_ d: Int) -> [Item] {
            var out: [Item] = []
            out.reserveCapacity(d + facts.count)
            forEachInStream(d) { out.append($0 >= 0 ? facts[$0] : distractors[-1 - $0]) }
            return out
        }
        // Greedy packing of the stream for D distractors: the estimated total, and each chunk's sentence-index range
        // passed to `chunk`. It walks the token counts, so the search below builds no stream.
        func pack(_ d: Int, _ chunk: (Range<Int>) -> Void = { _ in }) -> Int {
            var index = 0
            var start = 0
            var chunks = 0
            var used = frame(0).tokens
            var total = 0
            forEachInStream(d) { e in
                let tokens = e >= 0 ? facts[e].tokens : distractors[-1 - e].tokens
                if index > start && used + tokens > chunkTokens - 2 {
                    chunk(start..<index)
                    total += used
                    chunks += 1
                    start = index
                    used = frame(chunks).tokens
                }
                used += tokens
                index += 1
            }
            chunk(start..<index)
            return total + used
        }

        // Largest D whose estimate fits the target (the estimate never decreases as D grows). The bracket starts
        // around a guess from the first distractors' mean length, so that few distractors beyond the answer are
        // generated and counted (doubling from 64 overshoots by up to half); the answer does not depend on it.
        ensureDistractors(64)
        let sample = distractors.prefix(64)
        let mean = max(1, Double(sample.reduce(0) { $0 + $1.tokens }) / Double(max(1, sample.count)))
        let frameShare = Double(frame(0).tokens) * (Double(target) / Double(max(1, chunkTokens - frame(0).tokens)) + 1)
        let guess = max(0, Int((Double(target - factTokens) - frameShare) / mean))
        var high = max(64, guess + guess / 32 + 8)
        while pack(high) <= target { high += high / 8 + 16 }
        var low = 0
        let below = max(0, guess - guess / 32 - 8)
        if below < high && pack(below) <= target { low = below }
        while low < high {
            let mid = (low + high + 1) / 2
            if pack(mid) <= target { low = mid } else { high = mid - 1 }
        }
        var d = low
        // Exact counts; nudge D while the exact total is off by more than the tolerance.
        let longest = max(facts.lazy.map(\.tokens).max() ?? 0, distractors.lazy.map(\.tokens).max() ?? 0)
        let tolerance = max(Int((Double(target) * 0.005).rounded(.down)), longest)
        func build(_ d: Int) -> (chunks: [Chunk], total: Int, evidence: [Int: [Evidence]]) {
            var ranges: [Range<Int>] = []
            _ = pack(d) { ranges.append($0) }
            return finalize(stream(d), arena, (prefix.count, suffix.count), ranges, frame, &cache)
        }
        var built = build(d)
        var steps = 0
        while steps < 200 {
            steps += 1
            if built.total > target + tolerance && d > 0 {
                d -= 1
            } else if built.total < target - tolerance {
                d += 1
            } else {
                break
            }
            built = build(d)
        }

        let questions = plan.facts.enumerated().map { k, f in
            Question(id: "q\(k)", question: f.question, answers: f.answers, metric: pattern.dataSource, type: f.type,
                     evidence: built.evidence[k] ?? [], askedAt: ChunkWrapper.date(daysAfterStart: built.chunks.count),
                     abstain: f.abstain)
        }
        let leakChecks: [JSONValue] = plan.facts.enumerated().filter { !$0.1.subject.isEmpty }.map { k, f in
            ["question": .string("q\(k)"), "subject": .string(f.subject),
             "other_values": .array(f.otherValues.map { .string($0) })]
        }
        return Instance(
            id: id, pattern: pattern.name, competency: pattern.competency, dataSource: pattern.dataSource,
            prompt: plan.prompt, seed: seed, chunks: built.chunks, questions: questions,
            stats: Stats(tokenizer: encoding.name.rawValue, totalTokens: built.total, targetTokens: target,
                         numChunks: built.chunks.count),
            generator: Generator(name: "mkdataset", version: DatasetGenerator.version, parameters: [
                "pattern": .string(pattern.name), "tokens": .int(Int64(target)),
                "chunk_tokens": .int(Int64(chunkTokens)), "depth": depth.json, "number": .int(Int64(number)),
            ]),
            metadata: ["leak_checks": .array(leakChecks)])
    }

    /// Renders the chunks, counts them exactly and records the evidence spans.
    func finalize(_ items: [Item], _ arena: borrowing ByteArena, _ joiner: (prefix: Int, suffix: Int),
                  _ ranges: [Range<Int>],
                  _ frame: (Int) -> Frame, _ cache: inout TokenCountCache)
        -> (chunks: [Chunk], total: Int, evidence: [Int: [Evidence]])
    {
        var chunks: [Chunk] = []
        var evidence: [Int: [Evidence]] = [:]
        var total = 0
        // Each chunk is assembled as bytes (evidence spans are byte offsets) and becomes a string once.
        var bytes = ByteArena(capacity: 1 << 14)
        // Where each item after a chunk's first begins (its joiner prefix), and the footer: the places where the
        // chunk may be cut into separately counted runs.
        var cuts: [(position: Int, item: Int)] = []
        for (c, range) in ranges.enumerated() {
            let f = frame(c)
            bytes.removeAll()
            cuts.removeAll(keepingCapacity: true)
            bytes.put(f.header)
            for i in range {
                let item = items[i]
                // The first item of a chunk goes in without the joiner's prefix.
                var from = item.text
                if i > range.lowerBound {
                    cuts.append((bytes.count, i))
                    from -= joiner.prefix
                }
                let start = bytes.count + (item.text - from)
                bytes.put(arena, from..<(item.end + joiner.suffix))
                if item.fact >= 0 && item.isEvidence {
                    evidence[item.fact, default: []].append(
                        Evidence(chunk: c, start: start, end: start + (item.end - item.text)))
                }
            }
            cuts.append((bytes.count, -1))
            bytes.put(f.footer)
            let tokens = countChunk(bytes.bytes(0..<bytes.count), cuts, items, &cache)
            total += tokens
            chunks.append(Chunk(index: c, text: bytes.string, timestamp: f.timestamp,
                                tokens: tokens))
        }
        return (chunks, total, evidence)
    }

    /// The o200k count of a chunk's bytes, without counting again the items whose count is already known.
    ///
    /// A text's count is the sum of its segments' counts (see `Encoding.segmentEnd`), so the chunk is cut at every
    /// item start that is a word boundary (a space after a printable ASCII byte: the joiner " " after a sentence's
    /// final punctuation). A run between two cuts that is one item with its joiner counts what `appendItem`
    /// counted for it; any other run (the header with the first item, the last item with the footer, and every
    /// run where a joiner is no boundary, as with newline joiners) is counted from its bytes.
    func countChunk(_ bytes: UnsafeBufferPointer<UInt8>, _ cuts: [(position: Int, item: Int)], _ items: [Item],
                    _ cache: inout TokenCountCache) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        var total = 0
        var runStart = 0
        // The item whose joined text is the whole run so far, or -1 (header, several items, footer).
        var runItem = -1
        func close(_ end: Int) {
            if runItem >= 0 {
                total += items[runItem].tokens
            } else if end > runStart {
                total += encoding.count(utf8: UnsafeBufferPointer(start: base + runStart, count: end - runStart),
                                        cache: &cache)
            }
        }
        for cut in cuts {
            let p = cut.position
            if Encoding.isBoundary(base, bytes.count, at: p) {
                close(p)
                runStart = p
                runItem = cut.item
            } else {
                runItem = -1
            }
        }
        close(bytes.count)
        return total
    }
}
