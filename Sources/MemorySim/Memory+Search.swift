extension Memory.Store {
    /// Ranks the live items for a tokenized query as Mem-α does: BM25 scores, sorted high to low with ties in list
    /// order (Python's stable sort), keeping scores `>= minimumScore` (all when `nil`), at most `limit` items.
    ///
    /// Items the query does not touch score exactly 0; they are listed after the positive scores in list order,
    /// without being scored one by one.
    /// - Returns: `(slot, score)` pairs, or `nil` when no item has any word (rank_bm25 fails there).
    /// - Complexity: O(postings of the query terms + limit), plus a sort of the touched items.
    mutating func ranked(query: [String], limit: Int?, minimumScore: Double?) -> [(Int, Double)]? {
        guard let scores = index.scores(query: query) else { return nil }
        let cap = limit ?? Int.max
        var positive: [(Int, Double)] = []
        var negative: [(Int, Double)] = []
        for (slot, score) in scores {
            if score > 0 { positive.append((slot, score)) } else if score < 0 { negative.append((slot, score)) }
        }
        let order: ((Int, Double), (Int, Double)) -> Bool = { a, b in a.1 != b.1 ? a.1 > b.1 : a.0 < b.0 }
        positive.sort(by: order)
        var result: [(Int, Double)] = []
        for hit in positive where result.count < cap {
            if let minimumScore, hit.1 < minimumScore { break }
            result.append(hit)
        }
        if result.count < cap && (minimumScore ?? 0) <= 0 {
            // Zero scores, in list order: every live item not scored positive or negative.
            for slot in 0..<entries.count where result.count < cap {
                guard entries[slot] != nil else { continue }
                let score = scores[slot] ?? 0
                if score == 0 { result.append((slot, 0)) }
            }
        }
        if result.count < cap {
            negative.sort(by: order)
            for hit in negative where result.count < cap {
                if let minimumScore, hit.1 < minimumScore { break }
                result.append(hit)
            }
        }
        return result
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
    }

    /// BM25 search over a list type with Mem-α's tokenization. `minimumScore` 0 reproduces the `search_memory`
    /// tool (negative scores dropped); `nil` reproduces the QA server (no threshold).
    /// - Complexity: O(postings of the query terms + limit) plus a sort of the matching items.
    public mutating func search(_ type: MemoryType, query: String, limit: Int? = Memory.searchTopK,
                                minimumScore: Double? = 0) -> [SearchHit] {
        guard type != .core, isEnabled(type) else { return [] }
        let s = Memory.storeIndex(type)
        let tokens = PythonText.wordTokens(query)
        guard stores[s].count > 0, !tokens.isEmpty,
              let ranked = stores[s].ranked(query: tokens, limit: limit, minimumScore: minimumScore)
        else { return [] }
        return ranked.compactMap { slot, score in
            stores[s].entries[slot].map { SearchHit(id: $0.id, content: $0.content, score: score) }
        }
    }
}
