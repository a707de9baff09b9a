@_spi(Hot) import Tokenizer

/// What a memory knows about the words it has seen: the interned search terms of both lists, and a memo from each
/// text segment (the text between two word boundaries, see ``Encoding/segmentEnd(_:_:from:)``) to its o200k count
/// and its search terms. Writing an item then costs about one table probe per word for both its token count and
/// its index terms.
///
/// A segment is analysed the first time it is seen: its o200k count piece by piece, and its terms as Mem-α makes
/// them (runs of Python `\w` in the lowercased text). Both are exact per segment: no o200k pre-token and no `\w` run
/// crosses a boundary, and Python's lowercasing looks across no space (its one context rule, Final_Sigma, stops at
/// a space). Term ids are never forgotten; the segment memo starts over when it grows past ``segmentCapacity``.
package struct Lexicon: Sendable {
    /// Interned terms (values unused): ids are dense and stable, shared by the semantic and episodic indexes.
    var terms = ByteTable(initialSlots: 16_384)
    /// Segment bytes → its count and terms; a segment with several terms keeps them in `segmentTerms`.
    var segments = SegmentMemo()
    var segmentTerms: [Int32] = []
    /// Counts of o200k pieces, for segments seen for the first time.
    var pieces = PieceMemo(capacity: Lexicon.pieceCapacity)
    /// Turns a text's term ids into its distinct terms, for the index; `termScratch` holds the term ids.
    var counter = TermCounter()
    var termScratch: [Int32] = []
    /// Whether segments seen for the first time are counted (byte-pair merged). A ``CallPipeline``'s thread turns
    /// it off while the memory is waiting for it: the memo then keeps such a segment with its count unknown (-1),
    /// the text's count comes back unknown, and the memory counts the text itself; a later analysis that counts
    /// fills the record in.
    var countsNewSegments = true

    /// The most o200k pieces remembered before that memo starts over.
    static let pieceCapacity = 1 << 18

    /// The most segments remembered before the memo starts over (term ids are kept).
    let segmentCapacity: Int

    /// An empty lexicon that stands in a memory's place while a ``CallPipeline``'s thread holds the real one.
    static let placeholder = Lexicon(segmentCapacity: 1)

    /// Creates an empty lexicon.
    package init(segmentCapacity: Int = 1 << 20) {
        precondition(segmentCapacity > 0, "segmentCapacity must be positive")
        self.segmentCapacity = segmentCapacity
    }

    /// The number of distinct terms ever seen.
    var termCount: Int { terms.count }

    /// The o200k count of `text`, with the term ids of its search tokens appended to `termIds`.
    /// - Complexity: O(n); about one probe per word once its segment has been seen.
    package mutating func analyze(_ text: String, encoding: Encoding, termIds: inout [Int32]) -> Int {
        TextBytes.with(text) { p, n in
            let before = termIds.count
            termIds.append(contentsOf: repeatElement(0, count: Lexicon.termBound(n)))
            let (tokens, terms, _) = termIds.withUnsafeMutableBufferPointer { out in
                analyze(p, n, encoding: encoding, termIds: out.baseAddress! + before)
            }
            termIds.removeLast(termIds.count - before - terms)
            return tokens
        }
    }

    /// Room for the search terms of `n` bytes: each term takes at least one character of the lowercased text, and
    /// lowercasing gives at most one character per byte (`İ`, two bytes, is the one character that becomes two).
    @inline(__always) package static func termBound(_ n: Int) -> Int { n + 1 }

    /// The o200k count of the `n` bytes at `p` (valid UTF-8), with the term ids of its search tokens written to
    /// `termIds` (room for ``termBound(_:)`` of `n`); returns the count (-1 when unknown, see
    /// ``countsNewSegments``), how many terms were written, and a 64-bit
    /// hash of the bytes (folded from the segments' keys, which the memo lookups compute anyway), for
    /// ``ContentSet``.
    /// - Complexity: O(n); about one probe per word once its segment has been seen.
    mutating func analyze(_ base: UnsafePointer<UInt8>, _ n: Int, encoding: Encoding,
                          termIds out: UnsafeMutablePointer<Int32>) -> (tokens: Int, terms: Int, hash: UInt64) {
        var tokens = 0
        var unknown = false
        var terms = 0
        var hash = UInt64(truncatingIfNeeded: n)
        var start = 0
        while start < n {
            let end = Encoding.segmentEnd(base, n, from: start)
            let length = end - start
            if length > TokenCountCache.longestSegment {
                let (t, k) = analyzeSegment(base + start, length, encoding, out + terms)
                tokens += t
                terms += k
                hash = Lexicon.fold(hash, ByteTable.hash(base + start, length), 0, length)
            } else {
                let found = segments.find(base + start, length)
                hash = Lexicon.fold(hash, found.k0, found.k1, length)
                if found.record >= 0 {
                    let r = segments.records[found.record]
                    if r.tokens >= 0 {
                        tokens += Int(r.tokens)
                    } else if countsNewSegments {
                        let counted = encoding.countPieces(base + start, length, &pieces)
                        segments.records[found.record].tokens = Int32(counted)
                        tokens += counted
                    } else {
                        unknown = true
                    }
                    if r.termCount == 1 {
                        out[terms] = r.term
                        terms += 1
                    } else if r.termCount > 1 {
                        let from = Int(r.term)
                        for k in 0..<Int(r.termCount) { out[terms + k] = segmentTerms[from + k] }
                        terms += Int(r.termCount)
                    }
                } else {
                    let (t, k) = remember(base + start, length, found, encoding, out + terms)
                    if t >= 0 { tokens += t } else { unknown = true }
                    terms += k
                }
            }
            start = end
        }
        return (unknown ? -1 : tokens, terms, hash ^ (hash >> 29))
    }

    /// Analyses an item's content for a memory list: its o200k count (0 for text holding a special token when
    /// `specialTokenTextCountsZero`, as Mem-α's `count_tokens`; -1 when unknown, see ``countsNewSegments``), its
    /// 64-bit hash (see ``analyze(_:_:encoding:termIds:)``), its length in search terms, and its distinct terms
    /// with their frequencies (`term << 32 | frequency`, see ``TermCounter``) written to `entries`, which has room
    /// for ``termBound(_:)`` of the text's UTF-8 length; returns how many.
    /// - Complexity: O(n); about one probe per word once its segment has been seen.
    package mutating func analyzeItem(_ text: String, encoding: Encoding, specialTokenTextCountsZero: Bool,
                                      entries: UnsafeMutablePointer<UInt64>)
        -> (tokens: Int, hash: UInt64, length: Int, distinct: Int)
    {
        TextBytes.with(text) { p, n in
            // The scratch is taken out while the analysis, which mutates the lexicon, writes to it.
            var ids: [Int32] = []
            swap(&ids, &termScratch)
            defer { swap(&ids, &termScratch) }
            ids.growScratch(to: Lexicon.termBound(n))
            let (tokens, length, hash) = ids.withUnsafeMutableBufferPointer { ids in
                analyze(p, n, encoding: encoding, termIds: ids.baseAddress!)
            }
            let distinct = ids.withUnsafeBufferPointer { ids in
                counter.distinct(UnsafeBufferPointer(rebasing: ids[0..<length]), into: entries)
            }
            let special = specialTokenTextCountsZero && encoding.containsSpecialToken(p, n)
            return (special ? 0 : tokens, hash, length, distinct)
        }
    }

    /// Adds one segment, given as the words that identify its bytes (see ``SegmentMemo/find(_:_:)``), to a hash.
    @inline(__always)
    static func fold(_ hash: UInt64, _ k0: UInt64, _ k1: UInt64, _ length: Int) -> UInt64 {
        ((hash &<< 23 | hash &>> 41) ^ k0 ^ (k1 &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(truncatingIfNeeded: length))
            &* 0xBF58_476D_1CE4_E5B9
    }

    /// Analyses a segment seen for the first time and adds it to the memo (starting the memo over when full).
    mutating func remember(_ p: UnsafePointer<UInt8>, _ n: Int,
                           _ found: (record: Int, slot: Int, k0: UInt64, k1: UInt64), _ encoding: Encoding,
                           _ out: UnsafeMutablePointer<Int32>) -> (tokens: Int, terms: Int) {
        let (counted, termCount) = analyzeSegment(p, n, encoding, out, counting: countsNewSegments)
        var slot = found.slot
        if segments.count >= segmentCapacity {
            segments.removeAll()
            segmentTerms.removeAll(keepingCapacity: true)
            slot = segments.find(p, n).slot
        }
        var term: Int32 = termCount == 1 ? out[0] : 0
        if termCount > 1 {
            term = Int32(segmentTerms.count)
            segmentTerms.append(contentsOf: UnsafeBufferPointer(start: out, count: termCount))
        }
        segments.insert(slot: slot, k0: found.k0, k1: found.k1, key: p, length: n, tokens: counted,
                        termCount: termCount, term: term)
        return (counted, termCount)
    }

    /// Counts one segment (unless not `counting`: then the count is -1) and writes its term ids to `out`,
    /// inserting new terms; returns the count and how many terms were written.
    mutating func analyzeSegment(_ p: UnsafePointer<UInt8>, _ n: Int, _ encoding: Encoding,
                                 _ out: UnsafeMutablePointer<Int32>,
                                 counting: Bool = true) -> (tokens: Int, terms: Int) {
        let tokens = counting ? encoding.countPieces(p, n, &pieces) : -1
        var ascii = true
        for k in 0..<n where p[k] >= 0x80 {
            ascii = false
            break
        }
        var written = 0
        if ascii {
            Lexicon.forEachASCIIWord(p, n) { word, length in
                out[written] = Int32(terms.insert(word, length, value: 0))
                written += 1
            }
        } else {
            let text = String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
            for token in PythonText.wordTokens(text) {
                out[written] = Int32(terms.insert(token, value: 0))
                written += 1
            }
        }
        return (tokens, written)
    }

    /// The ids of the search tokens of a query that are known terms, in order (unknown ones can score nothing).
    /// Nothing is inserted.
    package mutating func queryTerms(_ text: String) -> [Int32] {
        var result: [Int32] = []
        var ascii = true
        for b in text.utf8 where b >= 0x80 {
            ascii = false
            break
        }
        if ascii {
            TextBytes.with(text) { base, n in
                Lexicon.forEachASCIIWord(base, n) { word, length in
                    if let id = terms.lookup(word, length) { result.append(Int32(id)) }
                }
            }
        } else {
            for token in PythonText.wordTokens(text) {
                if let id = terms.lookup(token) { result.append(Int32(id)) }
            }
        }
        return result
    }

    /// Calls `body` with each run of ASCII `\w` bytes, lowercased, in order.
    @inline(__always)
    static func forEachASCIIWord(_ base: UnsafePointer<UInt8>, _ n: Int,
                          _ body: (UnsafePointer<UInt8>, Int) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(n, 1)) { lower in
            let out = lower.baseAddress!
            var i = 0
            while i < n {
                while i < n && !PythonText.asciiWord(base[i]) { i += 1 }
                let start = i
                while i < n && PythonText.asciiWord(base[i]) {
                    let b = base[i]
                    out[i - start] = b >= 0x41 && b <= 0x5A ? b + 32 : b
                    i += 1
                }
                if i > start { body(out, i - start) }
            }
        }
    }
}
