#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An incremental Okapi BM25 index whose scores equal `rank_bm25.BM25Okapi` (0.2.2) built from scratch over the
/// live documents, as Mem-α does on every search.
///
/// Documents are identified by a slot number that grows with each insertion, so slot order is list order.
/// Inserting, replacing and removing a document touch only its own terms; a query touches only the postings of
/// its terms (plus a cached mean idf, refreshed after changes in O(number of distinct document frequencies)).
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

    var terms = TermTable()
    var postings: [[Posting]] = []
    var stalePostings: [Int32] = []
    var documentFrequency: [Int32] = []
    /// How many terms have each document frequency (index = frequency): the mean idf is a sum over it.
    var frequencyHistogram: [Int] = [0]
    /// No term has a document frequency above this (it may overstate after removals).
    var maxFrequency = 0
    var distinctTerms = 0
    /// Per slot: token count, version (bumped on replace and remove), liveness and distinct terms.
    var lengths: [Int32] = []
    var versions: [UInt32] = []
    var alive: [Bool] = []
    var documentTerms: [[(term: Int32, frequency: Int32)]] = []
    /// Live documents and their total length.
    package private(set) var liveCount = 0
    var totalLength = 0
    var cachedMeanIDF: Double?
    /// Per-query scratch, indexed by slot: the accumulated score and whether the slot was touched.
    var scratch: [Double] = []
    var seen: [Bool] = []
    /// The slots touched by the last ``accumulate(query:)``, in first-touch order.
    package private(set) var touched: [Int32] = []

    package init() {}

    /// The number of distinct terms in live documents (the size of rank_bm25's idf table).
    package var vocabularySize: Int { distinctTerms }

    /// The number of slots ever used (live or not).
    package var slotCount: Int { lengths.count }

    /// Whether `slot` holds a live document.
    package func isLive(_ slot: Int) -> Bool { slot < alive.count && alive[slot] }

    /// Adds a document with the next slot number and returns that slot.
    @discardableResult
    package mutating func append(text: String) -> Int {
        let ids = terms.ids(of: text, insert: true)
        return append(termIds: ids)
    }

    /// Replaces a live document's text.
    package mutating func replace(_ slot: Int, text: String) {
        replace(slot, termIds: terms.ids(of: text, insert: true))
    }

    /// Term ids for already-tokenized text (tests and the Unicode path).
    mutating func termIds(_ tokens: [ExactText], insert: Bool) -> [Int32] {
        var ids: [Int32] = []
        for token in tokens {
            var bytes = token.utf8
            let n = bytes.count
            if n == 0 { continue }
            if let id = bytes.withUnsafeMutableBufferPointer({ terms.id($0.baseAddress!, n, insert: insert) }) {
                ids.append(id)
            }
        }
        return ids
    }

    @discardableResult
    package mutating func append(tokens: [ExactText]) -> Int {
        append(termIds: termIds(tokens, insert: true))
    }

    @discardableResult
    mutating func append(termIds: [Int32]) -> Int {
        let slot = lengths.count
        lengths.append(0)
        versions.append(0)
        alive.append(false)
        documentTerms.append([])
        scratch.append(0)
        seen.append(false)
        setDocument(slot, termIds: termIds)
        return slot
    }

    /// Replaces the text of a live document, keeping its slot (and so its list position).
    package mutating func replace(_ slot: Int, tokens: [ExactText]) {
        replace(slot, termIds: termIds(tokens, insert: true))
    }

    mutating func replace(_ slot: Int, termIds: [Int32]) {
        precondition(alive[slot], "replace of a removed document")
        removeTerms(slot)
        versions[slot] &+= 1
        setDocument(slot, termIds: termIds)
    }

    /// Removes a live document.
    package mutating func remove(_ slot: Int) {
        precondition(alive[slot], "remove of a removed document")
        removeTerms(slot)
        alive[slot] = false
        versions[slot] &+= 1
    }

    mutating func setDocument(_ slot: Int, termIds: [Int32]) {
        var ids = termIds
        while postings.count < terms.count {
            postings.append([])
            stalePostings.append(0)
            documentFrequency.append(0)
        }
        // Term frequencies by sorting the ids and counting runs.
        ids.sort()
        var termList: [(term: Int32, frequency: Int32)] = []
        let version = versions[slot]
        var k = 0
        while k < ids.count {
            var run = k + 1
            while run < ids.count && ids[run] == ids[k] { run += 1 }
            let term = ids[k]
            let frequency = Int32(run - k)
            termList.append((term, frequency))
            postings[Int(term)].append(Posting(slot: Int32(slot), version: version, frequency: frequency))
            changeFrequency(term, by: 1)
            k = run
        }
        documentTerms[slot] = termList
        lengths[slot] = Int32(ids.count)
        alive[slot] = true
        liveCount += 1
        totalLength += ids.count
        cachedMeanIDF = nil
    }

    mutating func removeTerms(_ slot: Int) {
        for (term, _) in documentTerms[slot] {
            changeFrequency(term, by: -1)
            stalePostings[Int(term)] += 1
            compactIfStale(term)
        }
        documentTerms[slot] = []
        liveCount -= 1
        totalLength -= Int(lengths[slot])
        cachedMeanIDF = nil
    }

    mutating func changeFrequency(_ term: Int32, by delta: Int32) {
        let old = documentFrequency[Int(term)]
        let new = old + delta
        documentFrequency[Int(term)] = new
        if old > 0 { frequencyHistogram[Int(old)] -= 1 } else { distinctTerms += 1 }
        if new > 0 {
            if Int(new) >= frequencyHistogram.count { frequencyHistogram.append(0) }
            frequencyHistogram[Int(new)] += 1
            maxFrequency = max(maxFrequency, Int(new))
        } else {
            distinctTerms -= 1
        }
    }

    /// Drops postings of removed or replaced documents once they are half of a term's list.
    mutating func compactIfStale(_ term: Int32) {
        let t = Int(term)
        guard stalePostings[t] * 2 > postings[t].count else { return }
        let alive = self.alive
        let versions = self.versions
        postings[t].removeAll { p in !alive[Int(p.slot)] || versions[Int(p.slot)] != p.version }
        stalePostings[t] = 0
    }

    /// rank_bm25's `average_idf`: the mean of the raw idf over the vocabulary, before negative values are floored.
    mutating func meanIDF() -> Double {
        if let cachedMeanIDF { return cachedMeanIDF }
        let n = Double(liveCount)
        var sum = 0.0
        var terms = 0
        while maxFrequency > 0 && frequencyHistogram[maxFrequency] == 0 { maxFrequency -= 1 }
        if maxFrequency > 0 {
            for frequency in 1...maxFrequency {
                let count = frequencyHistogram[frequency]
                guard count > 0 else { continue }
                let f = Double(frequency)
                sum += Double(count) * (log(n - f + 0.5) - log(f + 0.5))
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
        let n = Double(liveCount)
        let f = Double(documentFrequency[Int(term)])
        let raw = log(n - f + 0.5) - log(f + 0.5)
        return raw < 0 ? BM25Index.epsilon * meanIDF() : raw
    }

    /// Accumulates the scores of the documents that contain at least one query token, in the same floating-point
    /// order as rank_bm25's `get_scores` (query tokens in order, duplicates counted). Every other live document
    /// scores 0. Read them with ``score(_:)`` and ``touched``; call ``clearScores()`` afterwards.
    /// - Returns: false when the index has no terms at all (rank_bm25 divides by zero there).
    /// - Complexity: O(total postings of the query terms).
    package mutating func accumulate(query: [ExactText]) -> Bool {
        accumulate(queryTerms: termIds(query, insert: false))
    }

    /// ``accumulate(query:)`` for raw query text.
    package mutating func accumulate(queryText: String) -> Bool {
        accumulate(queryTerms: terms.ids(of: queryText, insert: false))
    }

    mutating func accumulate(queryTerms: [Int32]) -> Bool {
        guard distinctTerms > 0, liveCount > 0 else { return false }
        let averageLength = Double(totalLength) / Double(liveCount)
        var idfs: [Int32: Double] = [:]
        let k1 = BM25Index.k1
        let b = BM25Index.b
        for term in queryTerms {
            guard Int(term) < documentFrequency.count, documentFrequency[Int(term)] > 0 else { continue }
            let weight: Double
            if let known = idfs[term] {
                weight = known
            } else {
                weight = idf(term)
                idfs[term] = weight
            }
            let list = postings[Int(term)]
            var newlyTouched: [Int32] = []
            lengths.withUnsafeBufferPointer { lengths in
                versions.withUnsafeBufferPointer { versions in
                    alive.withUnsafeBufferPointer { alive in
                        scratch.withUnsafeMutableBufferPointer { score in
                            seen.withUnsafeMutableBufferPointer { mark in
                                for p in list {
                                    let slot = Int(p.slot)
                                    guard alive[slot] && versions[slot] == p.version else { continue }
                                    let f = Double(p.frequency)
                                    let norm = k1 * (1 - b + b * Double(lengths[slot]) / averageLength)
                                    score[slot] += weight * (f * (k1 + 1) / (f + norm))
                                    if !mark[slot] {
                                        mark[slot] = true
                                        newlyTouched.append(p.slot)
                                    }
                                }
                            }
                        }
                    }
                }
            }
            touched.append(contentsOf: newlyTouched)
        }
        return true
    }

    /// The accumulated score of `slot` (0 if it was not touched).
    @inline(__always) package func score(_ slot: Int) -> Double { scratch[slot] }

    /// Whether `slot` was touched by the last accumulation.
    @inline(__always) package func wasTouched(_ slot: Int) -> Bool { seen[slot] }

    /// Resets the scratch after a query.
    package mutating func clearScores() {
        for slot in touched {
            scratch[Int(slot)] = 0
            seen[Int(slot)] = false
        }
        touched.removeAll(keepingCapacity: true)
    }

    /// The scores of the touched documents as `(slot, score)` pairs, or `nil` when the index has no terms.
    package mutating func scores(query: [ExactText]) -> [(Int, Double)]? {
        guard accumulate(query: query) else { return nil }
        let result = touched.map { (Int($0), scratch[Int($0)]) }
        clearScores()
        return result
    }
}
