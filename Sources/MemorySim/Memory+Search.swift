extension Memory {
    /// Ranks the live items of list `s` for a query text, tokenized as Mem-α does.
    /// See ``Store/ranked(queryTerms:limit:minimumScore:)``.
    mutating func ranked(store s: Int, query: String, limit: Int?, minimumScore: Double?) -> [(Int, Double)]? {
        let terms = (ahead != nil ? preparedQuery(query) : nil) ?? lexicon.queryTerms(query)
        return stores[s].ranked(queryTerms: terms, limit: limit, minimumScore: minimumScore)
    }
}

extension Memory.Store {
    /// Ranks the live items for a query as Mem-α does: BM25 scores, sorted high to low with ties in list order
    /// (Python's stable sort), keeping scores `>= minimumScore` (all when `nil`), at most `limit` items.
    ///
    /// Items the query does not touch score exactly 0; they are listed after the positive scores in list order,
    /// without being scored one by one.
    /// - Returns: `(slot, score)` pairs, or `nil` when no item has any word (rank_bm25 fails there).
    /// - Complexity: O(postings of the query terms + limit), plus a sort of the touched items.
    mutating func ranked(queryTerms: [Int32], limit: Int?, minimumScore: Double?) -> [(Int, Double)]? {
        guard index.accumulate(queryTerms: queryTerms) else { return nil }
        return rankAccumulated(limit: limit, minimumScore: minimumScore)
    }

    mutating func rankAccumulated(limit: Int?, minimumScore: Double?) -> [(Int, Double)]? {
        defer { index.clearScores() }
        let cap = limit ?? Int.max
        guard cap > 0 else { return [] }
        var positive: [(Int, Double)] = []
        var negative: [(Int, Double)] = []
        if cap <= 64 {
            positive = Memory.Store.bestPositive(index, cap, negative: &negative)
        } else {
            positive.reserveCapacity(index.touched.count)
            for slot32 in index.touched {
                let slot = Int(slot32)
                let score = index.score(slot)
                if score > 0 { positive.append((slot, score)) } else if score < 0 { negative.append((slot, score)) }
            }
            positive = Memory.Store.best(positive, cap)
        }
        var result: [(Int, Double)] = []
        for hit in positive {
            if let minimumScore, hit.1 < minimumScore { break }
            result.append(hit)
        }
        if result.count < cap && (minimumScore ?? 0) <= 0 {
            // Zero scores, in list order: every live item not scored positive or negative.
            var slot = 0
            while slot < ids.count && result.count < cap {
                let zero = index.score(slot) == 0
                if index.isLive(slot) && zero { result.append((slot, 0)) }
                slot += 1
            }
        }
        if result.count < cap {
            for hit in Memory.Store.best(negative, cap - result.count) {
                if let minimumScore, hit.1 < minimumScore { break }
                result.append(hit)
            }
        }
        return result
    }

    /// The `k` best positive scores among the touched items (a stable descending order), collecting the negative
    /// ones in `negative`. Most items are rejected with one comparison against the worst of the k kept so far.
    static func bestPositive(_ index: BM25Index, _ k: Int, negative: inout [(Int, Double)]) -> [(Int, Double)] {
        // The best so far, kept sorted (``precedes(_:_:)``): about a hundred of a search's thousands of touched
        // items get in, and shifting a short array cost less than a heap's sifting.
        var kept: [(Int, Double)] = []
        kept.reserveCapacity(k + 1)
        let count = index.touchedCount
        index.touchedBuffer.withUnsafeBufferPointer { touched in
            index.hot.withUnsafeBufferPointer { hot in
                // Most items lose to the worst kept one at once: one comparison with the largest score that is
                // rejected, 0 until k are kept (only positive scores are kept), then just below the worst kept.
                var rejectAtMost = 0.0
                for i in 0..<count {
                    let slot = Int(touched[i])
                    let score = hot[slot].score
                    if score <= rejectAtMost { continue }
                    Memory.Store.insert((slot, score), into: &kept, k)
                    if kept.count == k { rejectAtMost = kept[k - 1].1.nextDown }
                }
                // Negative scores matter only when fewer than k positive ones exist.
                if kept.count < k {
                    for i in 0..<count {
                        let slot = Int(touched[i])
                        if hot[slot].score < 0 { negative.append((slot, hot[slot].score)) }
                    }
                }
            }
        }
        return kept
    }

    /// Whether hit `a` ranks before hit `b`: a higher score, then earlier in the list (what a stable descending
    /// sort gives).
    @inline(__always)
    static func precedes(_ a: (Int, Double), _ b: (Int, Double)) -> Bool {
        a.1 > b.1 || (a.1 == b.1 && a.0 < b.0)
    }

    /// Inserts a hit into `kept`, in ``precedes(_:_:)`` order, keeping at most `k` (k ≥ 1). Not inlined: it is the
    /// rare path of the selection loops, which keep their registers without it.
    @inline(never)
    static func insert(_ hit: (Int, Double), into kept: inout [(Int, Double)], _ k: Int) {
        if kept.count == k {
            guard precedes(hit, kept[k - 1]) else { return }
            kept.removeLast()
        }
        var i = kept.count
        kept.append(hit)
        while i > 0 {
            let other = kept[i - 1]
            guard precedes(hit, other) else { break }
            kept[i] = other
            i -= 1
        }
        kept[i] = hit
    }

    /// The `k` best hits, in ``precedes(_:_:)`` order.
    /// - Complexity: O(n k) by insertion when k is at most 64, O(n log n) otherwise.
    static func best(_ hits: [(Int, Double)], _ k: Int) -> [(Int, Double)] {
        guard k > 0 else { return [] }
        if hits.count <= k || k > 64 { return Array(hits.sorted(by: precedes).prefix(k)) }
        var kept: [(Int, Double)] = []
        kept.reserveCapacity(k + 1)
        for hit in hits { insert(hit, into: &kept, k) }
        return kept
    }
}

extension Memory {
    /// One search hit.
    public struct SearchHit: Sendable, Equatable {
        /// The item's id.
        public var id: String
        /// The item's content.
        public var content: String
        /// Its BM25 score.
        public var score: Double
        /// The item's position in the list's slot numbering (stable across updates, never reused).
        package var slot: Int = 0
        /// The item's cached o200k count.
        package var tokens: Int = 0

        /// Creates a hit.
        public init(id: String, content: String, score: Double) {
            self.id = id
            self.content = content
            self.score = score
        }
    }

    /// Calls `body` with each live item of a list type, in list order, with its slot number.
    package func forEachItem(_ type: MemoryType, _ body: (_ slot: Int, _ id: String, _ content: String) -> Void) {
        guard type != .core else { return }
        let store = stores[Memory.storeIndex(type)]
        for slot in 0..<store.ids.count where store.isLive(slot) { body(slot, store.ids[slot], store.contents[slot]) }
    }

    /// The live item in `slot` of a list type, if any.
    package func item(_ type: MemoryType, slot: Int) -> MemoryState.Item? {
        guard type != .core else { return nil }
        guard let entry = stores[Memory.storeIndex(type)].entry(slot) else { return nil }
        return MemoryState.Item(id: entry.id, content: entry.content)
    }

    /// The slot Mem-α's tools act on for `id` (the first live item with it), if any.
    package func slot(of id: String, in type: MemoryType) -> Int? {
        type == .core ? nil : stores[Memory.storeIndex(type)].firstSlot(of: id)
    }

    /// One past the highest slot number a list type has used.
    package func slotCount(_ type: MemoryType) -> Int {
        type == .core ? 0 : stores[Memory.storeIndex(type)].ids.count
    }

    /// BM25 search over a list type with Mem-α's tokenization. `minimumScore` 0 reproduces the `search_memory`
    /// tool (negative scores dropped); `nil` reproduces the QA server (no threshold).
    /// - Complexity: O(postings of the query terms + limit) plus a sort of the matching items.
    public mutating func search(_ type: MemoryType, query: String, limit: Int? = Memory.searchTopK,
                                minimumScore: Double? = 0) -> [SearchHit] {
        guard type != .core, isEnabled(type) else { return [] }
        let s = Memory.storeIndex(type)
        guard stores[s].count > 0, PythonText.hasWordCharacter(query),
              let ranked = ranked(store: s, query: query, limit: limit, minimumScore: minimumScore)
        else { return [] }
        return ranked.compactMap { slot, score in
            stores[s].liveEntry(slot).map {
                var hit = SearchHit(id: $0.id, content: $0.content, score: score)
                hit.slot = slot
                hit.tokens = $0.tokens
                return hit
            }
        }
    }
}
