import DatasetFormat
import Dispatch
import JSONLines
import Tokenizer

/// Generates a dataset: `count` instances of a pattern at one or more lengths (nested sweeps), in a deterministic
/// order, optionally one shard of it, on several cores, written as gzip JSON Lines with a manifest beside it.
public struct DatasetGenerator: Sendable {
    /// The generator version recorded in every instance; output depends only on it, the pattern, the parameters
    /// and the seed.
    public static let version = "0.2.0"

    /// What to generate.
    public struct Options: Sendable {
        public var pattern: any Pattern
        public var count: Int
        public var seed: UInt64
        /// Target lengths in o200k tokens; several make a nested sweep (same facts, growing haystack).
        public var lengths: [Int]
        public var chunkTokens: Int
        public var depth: EvidenceDepth
        /// This process's slice: shard `index` of `total` (contiguous ranges of instance numbers).
        public var shard: (index: Int, total: Int)
        public var jobs: Int

        /// Creates options; chunk size defaults to the pattern's.
        public init(pattern: any Pattern, count: Int, seed: UInt64, lengths: [Int], chunkTokens: Int? = nil,
                    depth: EvidenceDepth = .spread, shard: (index: Int, total: Int) = (0, 1), jobs: Int = 1) {
            precondition(count >= 0 && !lengths.isEmpty && jobs >= 1, "invalid generator options")
            precondition(shard.total >= 1 && (0..<shard.total).contains(shard.index), "invalid shard")
            self.pattern = pattern
            self.count = count
            self.seed = seed
            self.lengths = lengths
            self.chunkTokens = chunkTokens ?? pattern.defaultChunkTokens
            self.depth = depth
            self.shard = shard
            self.jobs = jobs
        }

        /// The instance numbers of this shard.
        public var numbers: Range<Int> {
            (shard.index * count / shard.total)..<((shard.index + 1) * count / shard.total)
        }
    }

    public let options: Options
    let assembler: InstanceAssembler

    /// Creates a generator.
    public init(options: Options) throws(TokenizerError) {
        self.options = options
        assembler = try InstanceAssembler()
    }

    /// The instances of number `n`, one per length, sharing one plan.
    public func instances(number n: Int) throws(BuildError) -> [Instance] {
        var cache = TokenCountCache()
        return try instances(number: n, cache: &cache)
    }

    /// ``instances(number:)`` with a token-count memo kept by the caller across instances.
    public func instances(number n: Int, cache: inout TokenCountCache) throws(BuildError) -> [Instance] {
        let plan = options.pattern.plan(seed: options.seed, number: n, budget: options.lengths.min() ?? 1_000)
        var out: [Instance] = []
        for length in options.lengths {
            let id = options.lengths.count == 1
                ? "\(options.pattern.name)-\(options.seed)-\(n)"
                : "\(options.pattern.name)-\(options.seed)-\(n)-\(length)"
            out.append(try assembler.assemble(pattern: options.pattern, plan: plan, seed: options.seed, number: n,
                                              target: length, chunkTokens: options.chunkTokens,
                                              depth: options.depth, id: id, cache: &cache))
        }
        return out
    }

    /// Generates this shard's instances in order and hands each to `sink` in order.
    ///
    /// With `--jobs 1` everything runs on the calling thread. With `jobs` > 1, `jobs` workers generate instances
    /// ahead (at most `8 × jobs` beyond the one being written) while the calling thread hands finished ones to
    /// `sink` in order, so that writing (serialisation, compression) overlaps generation instead of following each
    /// batch. Output does not depend on `jobs`.
    /// - Complexity: O(total tokens); memory holds at most `8 × jobs` instances. (A window of `2 × jobs` left the
    ///   threads idle a third of the time once generation got cheaper: the writer waited for the next instance in
    ///   order while the workers waited for room.)
    public func generate(_ sink: (Instance) throws -> Void) throws {
        let numbers = Array(options.numbers)
        let jobs = options.jobs
        // One token-count memo per worker, kept for the whole run.
        let caches = CacheBox(count: jobs)
        if jobs == 1 {
            for n in numbers {
                let made = caches.with(0) { cache in
                    Result { () throws(BuildError) in try instances(number: n, cache: &cache) }
                }
                for instance in try made.get() { try sink(instance) }
            }
            return
        }
        let pipeline = Pipeline(count: numbers.count, window: 8 * jobs)
        let group = DispatchGroup()
        for worker in 0..<jobs {
            DispatchQueue.global().async(group: group) {
                while let i = pipeline.claim() {
                    let made = caches.with(worker) { cache in
                        Result { () throws(BuildError) in try instances(number: numbers[i], cache: &cache) }
                    }
                    pipeline.finish(i, made)
                }
            }
        }
        // Whatever ends the loop (done, a failed instance, a failed write), the workers stop before returning.
        defer {
            pipeline.cancel()
            group.wait()
        }
        for i in 0..<numbers.count {
            for instance in try pipeline.take(i).get() { try sink(instance) }
        }
    }

    /// The hand-over between the workers and the writer: workers claim instance indices in order, no further
    /// than `window` ahead of the next one to write, and leave their results; the writer takes them in order.
    final class Pipeline: @unchecked Sendable {
        let count: Int
        let window: Int
        var nextClaim = 0
        var taken = 0
        var cancelled = false
        var results: [Int: Result<[Instance], BuildError>] = [:]
        let condition = Condition()

        init(count: Int, window: Int) {
            self.count = count
            self.window = window
        }

        /// The next index to generate, or nil when all are claimed or the run was cancelled.
        func claim() -> Int? {
            condition.locked {
                while !cancelled && nextClaim < count && nextClaim - taken >= window { condition.wait() }
                guard !cancelled && nextClaim < count else { return nil }
                nextClaim += 1
                return nextClaim - 1
            }
        }

        /// Leaves instance `i`'s result for the writer.
        func finish(_ i: Int, _ result: Result<[Instance], BuildError>) {
            condition.locked {
                results[i] = result
                condition.broadcast()
            }
        }

        /// Waits for instance `i`'s result (the writer takes them in order) and makes room for one more claim.
        func take(_ i: Int) -> Result<[Instance], BuildError> {
            condition.locked {
                while results[i] == nil { condition.wait() }
                let result = results.removeValue(forKey: i) ?? .failure(BuildError(message: "instance was lost"))
                taken += 1
                condition.broadcast()
                return result
            }
        }

        /// Stops further claims (workers finish the instance they hold, then return).
        func cancel() {
            condition.locked {
                cancelled = true
                condition.broadcast()
            }
        }
    }
}

/// Per-worker token-count memos: worker `w` is the only one to touch `caches[w]`.
final class CacheBox: @unchecked Sendable {
    let base: UnsafeMutablePointer<TokenCountCache>
    let count: Int

    init(count: Int) {
        base = .allocate(capacity: count)
        base.initialize(repeating: TokenCountCache(), count: count)
        self.count = count
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    /// Runs `body` with worker `w`'s memo (no other thread uses that one meanwhile).
    func with<T>(_ w: Int, _ body: (inout TokenCountCache) -> T) -> T { body(&base[w]) }
}
