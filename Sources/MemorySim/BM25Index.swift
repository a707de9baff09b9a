@_spi(Hot) import Tokenizer
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An incremental Okapi BM25 index whose scores equal `rank_bm25.BM25Okapi` (0.2.2) built from scratch over the
/// live documents, as Mem-α does on every search.
///
/// Documents are identified by a slot number that grows with each insertion, so slot order is list order, and are
/// given as term ids (see ``Lexicon``). Inserting, replacing and removing a document touch only its own terms; a
/// query touches only the postings of its terms (plus a cached mean idf, refreshed after changes in O(number of
/// distinct document frequencies)).
package struct BM25Index: Sendable {
    /// Okapi parameters, as rank_bm25's defaults.
    package static let k1 = 1.5
    package static let b = 0.75
    package static let epsilon = 0.25

    struct Posting: Sendable {
        var slot: Int32
        var version: UInt32
        var frequency: Int32
    }

    /// Per term: live document frequency and where its postings sit in `pool` (24 bytes).
    struct TermStats: Sendable {
        var documents: Int32 = 0
        /// The term's postings are a chain of chunks in `pool` (see BM25Index+Postings.swift): `head` is the first
        /// chunk's header cell and `tail` the last's (-1 when the term has none), which holds `tailCount` of its
        /// `tailCapacity` postings; every other chunk is full.
        var head: Int32 = -1
        var tail: Int32 = -1
        var tailCount: Int32 = 0
        var tailCapacity: Int32 = 0
        /// Postings in the chain, live or stale.
        var count: Int32 = 0

        /// Stale postings in the chain: every live document has exactly one live posting there.
        var stale: Int32 { count - documents }
    }

    /// Per slot, what a query reads for every posting, in one 16-byte record (four to a cache line, none across
    /// two): the version (bumped on replace and remove, so old postings go stale), the token count, and the query's
    /// running score (0 between queries: ``clearScores()`` zeroes the touched ones).
    struct Hot: Sendable {
        var score: Double = 0
        var version: UInt32 = 0
        var length: Int32 = 0
    }

    /// Per slot, the rest: liveness and its distinct terms with their frequencies as a range of `termPool`
    /// (`term << 32 | frequency`).
    struct Document: Sendable {
        var termStart: Int32 = 0
        var termCount: Int32 = 0
        var alive = false
    }

    /// Every term's postings, in chunks: a header cell followed by its postings (see BM25Index+Postings.swift). A
    /// term's chunks double in size up to ``largestChunkClass``; chunks freed by compaction are reused through
    /// `freeChunks`, so postings are never moved to make room.
    var pool = RawStorage<Posting>()
    /// Per size class k (chunks of at least 2^k postings), the first free chunk's header cell, or -1.
    var freeChunks = [Int32](repeating: -1, count: BM25Index.largestChunkClass + 1)
    /// Postings in the terms' lists (live or stale). Free chunks and the free room of tail chunks are unused;
    /// the pool is copied afresh once it is over four times `listed` plus `poolSlack` (lowered by tests), so it
    /// stays within a constant factor of the postings.
    var listed = 0
    var poolSlack = 65_536
    var termStats: [TermStats] = []
    var hot: [Hot] = []
    var documents: [Document] = []
    /// How many terms have each document frequency (index = frequency): the mean idf is a sum over it.
    var frequencyHistogram: [Int] = [0]
    /// One bit per document frequency that some term has (bit f of word f / 64), so that the mean idf visits only
    /// those frequencies.
    var frequencyBits: [UInt64] = [0]
    /// `ln(x + 0.5)` for x = 0 … (at least the live document count), computed once: both logs of an idf,
    /// `ln(N − n + 0.5)` and `ln(n + 0.5)`, are entries (the same bits as computing them, since `N − n + 0.5` is
    /// exact), so a query and the mean idf take no logarithm.
    var logHalf: [Double] = [log(0.5)]
    var distinctTerms = 0
    /// Term ranges of all documents; compacted when dead ranges outgrow live ones.
    var termPool = RawStorage<UInt64>()
    var livePoolEntries = 0
    /// How often the term pool, a term's postings and the posting pool were compacted (for tests and diagnostics).
    var poolCompactions = 0
    var postingCompactions = 0
    var postingPoolCompactions = 0
    /// Live documents and their total length.
    package private(set) var liveCount = 0
    var totalLength = 0
    var cachedMeanIDF: Double?
    /// Per slot, the query that last touched it (`queryStamp`), for queries with a negative weight, where a running
    /// score can return to 0 and so cannot tell whether a slot was touched.
    var marks: [UInt32] = []
    var queryStamp: UInt32 = 1
    /// The slots touched by the last accumulation, in first-touch order (`touchedCount` of them), with room for
    /// one more than there are slots (a scan writes one past the touched ones).
    var touchedBuffer: [Int32] = [0]
    var touchedCount = 0
    /// The longest document ever indexed (never lowered).
    var longestDocument: Int32 = 0

    package init() {}

    /// Whether `slot` holds a live document.
    package func isLive(_ slot: Int) -> Bool { slot < documents.count && documents[slot].alive }

    /// The slots touched by the last accumulation, in first-touch order.
    package var touched: ArraySlice<Int32> { touchedBuffer[0..<touchedCount] }

    /// Adds a document with the next slot number and returns that slot. The document is given by its distinct
    /// terms with their frequencies (`term << 32 | frequency`, see ``TermCounter``) and its length in terms.
    /// - Complexity: O(d) for d distinct terms (amortised).
    @discardableResult
    package mutating func append(terms: UnsafeBufferPointer<UInt64>, length: Int) -> Int {
        let slot = documents.count
        documents.append(Document())
        hot.append(Hot())
        marks.append(0)
        touchedBuffer.append(0)
        setDocument(slot, terms: terms, length: length)
        return slot
    }

    /// Replaces the terms of a live document (given as for ``append(terms:length:)``), keeping its slot (and so
    /// its list position).
    package mutating func replace(_ slot: Int, terms: UnsafeBufferPointer<UInt64>, length: Int) {
        precondition(documents[slot].alive, "replace of a removed document")
        removeTerms(slot)
        hot[slot].version &+= 1
        setDocument(slot, terms: terms, length: length)
    }

    /// Removes a live document.
    package mutating func remove(_ slot: Int) {
        precondition(documents[slot].alive, "remove of a removed document")
        removeTerms(slot)
        documents[slot].alive = false
        hot[slot].version &+= 1
    }

    mutating func ensureTerms(_ count: Int) {
        guard termStats.count < count else { return }
        termStats.append(contentsOf: repeatElement(TermStats(), count: count - termStats.count))
    }

    mutating func setDocument(_ slot: Int, terms: UnsafeBufferPointer<UInt64>, length n: Int) {
        let distinctCount = terms.count
        var largest: UInt64 = 0
        for entry in terms where entry > largest { largest = entry }
        if distinctCount > 0 { ensureTerms(Int(truncatingIfNeeded: largest >> 32) + 1) }
        // Every document frequency this document can produce has its histogram entry, log and bit word.
        ensureFrequencies(liveCount + 1)
        let posting = Posting(slot: Int32(slot), version: hot[slot].version, frequency: 0)
        let start = termPool.claim(distinctCount)
        if let from = terms.baseAddress { (termPool.mutablePointer() + start).update(from: from, count: distinctCount) }
        let entries = UnsafeBufferPointer(start: termPool.pointer + start, count: distinctCount)
        // Full tails get a new chunk first, so that the pool is not reallocated while it is written through a
        // pointer below.
        if pool.count - poolSlack > 4 * listed { compactPostingPool() }
        for entry in entries {
            let t = Int(truncatingIfNeeded: entry >> 32)
            if termStats[t].tailCount == termStats[t].tailCapacity { addChunk(t) }
        }
        var newTerms = 0
        let postings = pool.mutablePointer()
        termStats.withUnsafeMutableBufferPointer { stats in
            frequencyHistogram.withUnsafeMutableBufferPointer { histogram in
                frequencyBits.withUnsafeMutableBufferPointer { bits in
                    do {
                        for entry in entries {
                            let t = Int(truncatingIfNeeded: entry >> 32)
                            var p = posting
                            p.frequency = Int32(truncatingIfNeeded: entry & 0xFFFF_FFFF)
                            postings[Int(stats[t].tail + 1 + stats[t].tailCount)] = p
                            stats[t].tailCount += 1
                            stats[t].count += 1
                            // The term's document frequency goes up by one.
                            let old = Int(stats[t].documents)
                            let new = old + 1
                            stats[t].documents = Int32(new)
                            if old > 0 {
                                histogram[old] -= 1
                                if histogram[old] == 0 { bits[old >> 6] &= ~(1 << UInt64(old & 63)) }
                            } else {
                                newTerms += 1
                            }
                            if histogram[new] == 0 { bits[new >> 6] |= 1 << UInt64(new & 63) }
                            histogram[new] += 1
                        }
                    }
                }
            }
        }
        distinctTerms += newTerms
        documents[slot].termStart = Int32(start)
        documents[slot].termCount = Int32(distinctCount)
        documents[slot].alive = true
        let length = Int32(n)
        hot[slot].length = length
        if length > longestDocument { longestDocument = length }
        livePoolEntries += distinctCount
        listed += distinctCount
        liveCount += 1
        totalLength += n
        cachedMeanIDF = nil
    }

    /// Grows the frequency histogram, its logs and its bit words to cover document frequencies up to `most`.
    mutating func ensureFrequencies(_ most: Int) {
        while frequencyHistogram.count <= most {
            frequencyHistogram.append(0)
            logHalf.append(log(Double(frequencyHistogram.count - 1) + 0.5))
        }
        while frequencyBits.count <= most >> 6 { frequencyBits.append(0) }
    }

    mutating func removeTerms(_ slot: Int) {
        let start = Int(documents[slot].termStart)
        let count = Int(documents[slot].termCount)
        // Each term's document frequency goes down by one, keeping the histogram and its bit set in step
        // (indexing raises it inline, in ``setDocument(_:terms:length:)``); lists now half stale are compacted after.
        var toCompact: [Int32] = []
        var goneTerms = 0
        let entries = termPool.pointer + start
        termStats.withUnsafeMutableBufferPointer { stats in
            frequencyHistogram.withUnsafeMutableBufferPointer { histogram in
                frequencyBits.withUnsafeMutableBufferPointer { bits in
                    for k in 0..<count {
                        let t = Int(truncatingIfNeeded: entries[k] >> 32)
                        let old = Int(stats[t].documents)
                        let new = old - 1
                        stats[t].documents = Int32(new)
                        histogram[old] -= 1
                        if histogram[old] == 0 { bits[old >> 6] &= ~(1 << UInt64(old & 63)) }
                        if new > 0 {
                            if histogram[new] == 0 { bits[new >> 6] |= 1 << UInt64(new & 63) }
                            histogram[new] += 1
                        } else {
                            goneTerms += 1
                        }
                        if stats[t].stale * 2 > stats[t].count { toCompact.append(Int32(t)) }
                    }
                }
            }
        }
        distinctTerms -= goneTerms
        for term in toCompact { compact(term) }
        documents[slot].termCount = 0
        livePoolEntries -= count
        liveCount -= 1
        totalLength -= Int(hot[slot].length)
        cachedMeanIDF = nil
        if termPool.count > 2 * livePoolEntries + 65_536 { compactPool() }
    }

    /// Copies the live documents' term ranges to a fresh pool.
    mutating func compactPool() {
        var fresh = RawStorage<UInt64>(capacity: livePoolEntries * 2)
        for slot in 0..<documents.count where documents[slot].alive {
            let start = Int(documents[slot].termStart)
            let count = Int(documents[slot].termCount)
            let to = fresh.claim(count)
            (fresh.mutablePointer() + to).update(from: termPool.pointer + start, count: count)
            documents[slot].termStart = Int32(to)
        }
        termPool = fresh
        poolCompactions += 1
    }

    /// rank_bm25's `average_idf`: the mean of the raw idf over the vocabulary, before negative values are floored.
    mutating func meanIDF() -> Double {
        if let cachedMeanIDF { return cachedMeanIDF }
        let n = liveCount
        var sum = 0.0
        var terms = 0
        // Frequencies in increasing order, as a loop over 1...max would visit them.
        for (w, bits) in frequencyBits.enumerated() {
            var rest = bits
            while rest != 0 {
                let frequency = w << 6 | rest.trailingZeroBitCount
                rest &= rest - 1
                let count = frequencyHistogram[frequency]
                sum += Double(count) * (logHalf[n - frequency] - logHalf[frequency])
                terms += count
            }
        }
        let mean = terms > 0 ? sum / Double(terms) : .nan
        cachedMeanIDF = mean
        return mean
    }

    /// The idf of a term as rank_bm25 computes it: `ln(N − n + 0.5) − ln(n + 0.5)`, replaced by
    /// `epsilon × mean idf` when negative.
    mutating func idf(_ term: Int32) -> Double {
        let f = Int(termStats[Int(term)].documents)
        let raw = logHalf[liveCount - f] - logHalf[f]
        return raw < 0 ? BM25Index.epsilon * meanIDF() : raw
    }

    /// Whether `term` occurs in a live document.
    @inline(__always) func isKnown(_ term: Int32) -> Bool {
        Int(term) < termStats.count && termStats[Int(term)].documents > 0
    }

    /// rank_bm25's term-frequency factor `f (k1 + 1) / (f + k1 (1 − b + b · length / avgdl))` for a term of
    /// frequency `f` in a document of `length` tokens. Every path of a query computes it with this expression, so
    /// table lookups and direct calls give the same bits.
    @inline(__always)
    static func factor(_ f: Double, _ length: Int, _ averageLength: Double) -> Double {
        let norm = k1 * (1 - b + b * Double(length) / averageLength)
        return f * (k1 + 1) / (f + norm)
    }

    /// Frequencies up to this are looked up in the per-query factor table.
    static let tableFrequencies = 4

    /// Accumulates the scores of the documents that contain at least one query term, in the same floating-point
    /// order as rank_bm25's `get_scores` (query terms in order, duplicates counted): each adds
    /// `idf × factor(f, length)`. Every other live document scores 0. Read them with ``score(_:)`` and
    /// ``touched``; call ``clearScores()`` afterwards.
    /// - Returns: false when the index has no terms at all (rank_bm25 divides by zero there).
    /// - Complexity: O(total postings of the query terms), plus a per-query table when those are many.
    package mutating func accumulate(queryTerms: [Int32]) -> Bool {
        guard distinctTerms > 0, liveCount > 0 else { return false }
        let averageLength = Double(totalLength) / Double(liveCount)
        var postings = 0
        for term in queryTerms where isKnown(term) { postings += Int(termStats[Int(term)].count) }
        // factor(f, length) for small f and every length, when the postings to score outnumber its entries.
        let lengths = Int(longestDocument) + 1
        var table: [Double] = []
        if postings >= 2 * BM25Index.tableFrequencies * lengths {
            table = [Double](repeating: 0, count: BM25Index.tableFrequencies * lengths)
            for f in 1...BM25Index.tableFrequencies {
                for length in 0..<lengths {
                    table[(f - 1) * lengths + length] = BM25Index.factor(Double(f), length, averageLength)
                }
            }
        }
        // Every weight first: when none is negative, a running score is 0 exactly until the first posting of its
        // document (each adds a positive amount), which is what the scan needs to know. Terms of weight 0 add 0 to
        // every score, so they are not scanned (a document they alone touch scores 0, as an untouched one).
        var weights: [(Int32, Double)] = []
        var positive = true
        for term in queryTerms where isKnown(term) && !weights.contains(where: { $0.0 == term }) {
            let weight = idf(term)
            weights.append((term, weight))
            if weight < 0 { positive = false }
        }
        for term in queryTerms {
            guard isKnown(term) else { continue }
            var weight = 0.0
            for known in weights where known.0 == term { weight = known.1 }
            if positive && weight == 0 { continue }
            // A list about to be scanned sheds its stale postings once they are an eighth of it (removals shed
            // them at a half): scans outnumber compactions, so a scan should not step over many.
            let stats = termStats[Int(term)]
            if stats.stale * 8 > stats.count { compact(term) }
            scan(term, weight: weight, averageLength: averageLength, table: table, lengths: lengths,
                 marked: !positive)
        }
        return true
    }

    /// Adds `weight × factor` to every live document holding `term`, appending each document it touches first in
    /// this query to `touched`. Unless `marked`, every weight of the query is positive and a score of 0 means
    /// untouched; with `marked`, `marks` records the touches.
    mutating func scan(_ term: Int32, weight: Double, averageLength: Double, table: [Double], lengths: Int,
                       marked: Bool) {
        var count = touchedCount
        let stamp = queryStamp
        let s = termStats[Int(term)]
        let limit = table.isEmpty ? 0 : BM25Index.tableFrequencies
        let pool = self.pool.pointer
        do {
            hot.withUnsafeMutableBufferPointer { hot in
                touchedBuffer.withUnsafeMutableBufferPointer { touched in
                    marks.withUnsafeMutableBufferPointer { marks in
                        table.withUnsafeBufferPointer { table in
                            var chunk = Int(s.head)
                            while chunk >= 0 {
                                let n = chunk == Int(s.tail) ? Int(s.tailCount) : Int(pool[chunk].frequency)
                                for k in (chunk + 1)..<(chunk + 1 + n) {
                                    let p = pool[k]
                                    let slot = Int(p.slot)
                                    // A removed or replaced document has a newer version than its old postings.
                                    guard hot[slot].version == p.version else { continue }
                                    let frequency = Int(p.frequency)
                                    let length = Int(hot[slot].length)
                                    let add = frequency <= limit
                                        ? weight * table[(frequency - 1) * lengths + length]
                                        : weight * BM25Index.factor(Double(frequency), length, averageLength)
                                    // No branch on whether the document was touched before in this query (a coin
                                    // toss for the predictor): scores are 0 between queries (``clearScores()``),
                                    // so a first touch adds to 0 as rank_bm25's does, and the slot is written to
                                    // `touched` every time but kept only on a first touch.
                                    let old = hot[slot].score
                                    hot[slot].score = old + add
                                    touched[count] = p.slot
                                    if marked {
                                        let first = marks[slot] != stamp
                                        marks[slot] = stamp
                                        count &+= first ? 1 : 0
                                    } else {
                                        // +0 is the only zero a score holds; compared as bits, so no branch.
                                        count &+= old.bitPattern == 0 ? 1 : 0
                                    }
                                }
                                chunk = Int(pool[chunk].slot)
                            }
                        }
                    }
                }
            }
        }
        touchedCount = count
    }

    /// The accumulated score of `slot` (0 if it was not touched).
    @inline(__always) package func score(_ slot: Int) -> Double { hot[slot].score }

    /// Resets the scratch after a query.
    package mutating func clearScores() {
        let count = touchedCount
        hot.withUnsafeMutableBufferPointer { hot in
            touchedBuffer.withUnsafeBufferPointer { touched in
                for i in 0..<count { hot[Int(touched[i])].score = 0 }
            }
        }
        touchedCount = 0
        queryStamp &+= 1
        if queryStamp == 0 {
            // After 2^32 queries the stamps wrap: forget every mark once.
            for slot in marks.indices { marks[slot] = 0 }
            queryStamp = 1
        }
    }

    /// The scores of the touched documents as `(slot, score)` pairs, or `nil` when the index has no terms.
    package mutating func scores(queryTerms: [Int32]) -> [(Int, Double)]? {
        guard accumulate(queryTerms: queryTerms) else { return nil }
        let result = touched.map { (Int($0), hot[Int($0)].score) }
        clearScores()
        return result
    }
}
