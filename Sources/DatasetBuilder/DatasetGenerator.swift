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

    /// Generates this shard's instances in order, `jobs` at a time, and hands each to `sink` in order.
    /// - Complexity: O(total tokens); memory holds at most `2 × jobs` instances.
    public func generate(_ sink: (Instance) throws -> Void) throws {
        let numbers = Array(options.numbers)
        let jobs = options.jobs
        let window = max(1, jobs * 2)
        // One token-count memo per worker, kept for the whole run.
        let caches = CacheBox(count: jobs)
        var start = 0
        while start < numbers.count {
            let batch = Array(numbers[start..<min(start + window, numbers.count)])
            let results = ResultBox(count: batch.count)
            // Worker w takes instances w, w + jobs, … of the batch (one worker when --jobs is 1).
            DispatchQueue.concurrentPerform(iterations: min(jobs, batch.count)) { worker in
                for i in stride(from: worker, to: batch.count, by: jobs) {
                    let made = caches.with(worker) { cache in
                        Result { () throws(BuildError) in try instances(number: batch[i], cache: &cache) }
                    }
                    results.set(i, made)
                }
            }
            for i in 0..<batch.count {
                for instance in try results.get(i).get() { try sink(instance) }
            }
            start += window
        }
    }

    /// Results filled by worker threads, each slot by exactly one iteration.
    final class ResultBox: @unchecked Sendable {
        var slots: [Result<[Instance], BuildError>?]
        let lock = NSLockLike()
        init(count: Int) { slots = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ r: Result<[Instance], BuildError>) {
            lock.locked { slots[i] = r }
        }
        func get(_ i: Int) -> Result<[Instance], BuildError> {
            lock.locked { slots[i] ?? .failure(BuildError(message: "instance was not generated")) }
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

/// A minimal mutex at a fixed address.
final class NSLockLike: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }
    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }
    func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
