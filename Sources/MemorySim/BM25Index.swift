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

    struct Document: Sendable {
        var length: Int
        var terms: [(term: Int32, frequency: Int32)]
        var version: UInt32
        var alive: Bool
    }

    var termIds: [ExactText: Int32] = [:]
    var postings: [[Posting]] = []
    var stalePostings: [Int32] = []
    var documentFrequency: [Int32] = []
    /// How many terms have each document frequency (> 0): the mean idf is a sum over this histogram.
    var frequencyHistogram: [Int32: Int] = [:]
    var documents: [Document] = []
    /// Live documents and their total length.
    package private(set) var liveCount = 0
    var totalLength = 0
    var cachedMeanIDF: Double?

    package init() {}

    /// The number of distinct terms in live documents (the size of rank_bm25's idf table).
    package var vocabularySize: Int { frequencyHistogram.values.reduce(0, +) }

    /// Adds a document with the next slot number and returns that slot.
    @discardableResult
    package mutating func append(tokens: [String]) -> Int {
        let slot = documents.count
        documents.append(Document(length: 0, terms: [], version: 0, alive: false))
        setDocument(slot, tokens: tokens)
        return slot
    }

    /// Replaces the text of a live document, keeping its slot (and so its list position).
    package mutating func replace(_ slot: Int, tokens: [String]) {
        precondition(documents[slot].alive, "replace of a removed document")
        removeTerms(slot)
        documents[slot].version &+= 1
        setDocument(slot, tokens: tokens)
    }

    /// Removes a live document.
    package mutating func remove(_ slot: Int) {
        precondition(documents[slot].alive, "remove of a removed document")
        removeTerms(slot)
        documents[slot].alive = false
        documents[slot].version &+= 1
    }

    mutating func setDocument(_ slot: Int, tokens: [String]) {
        var counts: [Int32: Int32] = [:]
        var order: [Int32] = []
        for token in tokens {
            let term: Int32
            if let known = termIds[ExactText(token)] {
                term = known
            } else {
                term = Int32(postings.count)
                termIds[ExactText(token)] = term
                postings.append([])
                stalePostings.append(0)
                documentFrequency.append(0)
            }
            if counts[term] == nil { order.append(term) }
            counts[term, default: 0] += 1
        }
        var terms: [(term: Int32, frequency: Int32)] = []
        terms.reserveCapacity(order.count)
        let version = documents[slot].version
        for term in order {
            let frequency = counts[term] ?? 0
            terms.append((term, frequency))
            postings[Int(term)].append(Posting(slot: Int32(slot), version: version, frequency: frequency))
            changeFrequency(term, by: 1)
        }
        documents[slot].terms = terms
        documents[slot].length = tokens.count
        documents[slot].alive = true
        liveCount += 1
        totalLength += tokens.count
        cachedMeanIDF = nil
    }

    mutating func removeTerms(_ slot: Int) {
        for (term, _) in documents[slot].terms {
            changeFrequency(term, by: -1)
            stalePostings[Int(term)] += 1
            compactIfStale(term)
        }
        documents[slot].terms = []
        liveCount -= 1
        totalLength -= documents[slot].length
        cachedMeanIDF = nil
    }

    mutating func changeFrequency(_ term: Int32, by delta: Int32) {
        let old = documentFrequency[Int(term)]
        let new = old + delta
        documentFrequency[Int(term)] = new
        if old > 0 {
            let left = (frequencyHistogram[old] ?? 0) - 1
            frequencyHistogram[old] = left == 0 ? nil : left
        }
        if new > 0 { frequencyHistogram[new, default: 0] += 1 }
    }

    /// Drops postings of removed or replaced documents once they are half of a term's list.
    mutating func compactIfStale(_ term: Int32) {
        let t = Int(term)
        guard stalePostings[t] * 2 > postings[t].count else { return }
        let documents = self.documents
        postings[t].removeAll { p in
            let d = documents[Int(p.slot)]
            return !d.alive || d.version != p.version
        }
        stalePostings[t] = 0
    }

    /// rank_bm25's `average_idf`: the mean of the raw idf over the vocabulary, before negative values are floored.
    mutating func meanIDF() -> Double {
        if let cachedMeanIDF { return cachedMeanIDF }
        let n = Double(liveCount)
        var sum = 0.0
        var terms = 0
        for (frequency, count) in frequencyHistogram {
            let f = Double(frequency)
            sum += Double(count) * (log(n - f + 0.5) - log(f + 0.5))
            terms += count
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

    /// The scores of the documents that contain at least one query token, in the same floating-point order as
    /// rank_bm25's `get_scores` (query tokens in order, duplicates counted). Every other live document scores 0.
    /// - Returns: `nil` when the index has no terms at all (rank_bm25 divides by zero there).
    /// - Complexity: O(total postings of the query's terms).
    package mutating func scores(query: [String]) -> [Int: Double]? {
        guard vocabularySize > 0, liveCount > 0 else { return nil }
        let averageLength = Double(totalLength) / Double(liveCount)
        var scores: [Int: Double] = [:]
        var idfs: [Int32: Double] = [:]
        let k1 = BM25Index.k1
        let b = BM25Index.b
        for token in query {
            guard let term = termIds[ExactText(token)], documentFrequency[Int(term)] > 0 else { continue }
            let weight: Double
            if let known = idfs[term] {
                weight = known
            } else {
                weight = idf(term)
                idfs[term] = weight
            }
            for p in postings[Int(term)] {
                let d = documents[Int(p.slot)]
                guard d.alive && d.version == p.version else { continue }
                let f = Double(p.frequency)
                let contribution = weight * (f * (k1 + 1) / (f + k1 * (1 - b + b * Double(d.length) / averageLength)))
                scores[Int(p.slot), default: 0] += contribution
            }
        }
        return scores
    }

    /// Whether `slot` holds a live document.
    package func isLive(_ slot: Int) -> Bool { slot < documents.count && documents[slot].alive }

    /// The number of slots ever used (live or not).
    package var slotCount: Int { documents.count }
}
