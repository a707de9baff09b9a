import Tokenizer

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
    /// Segment bytes → entry; per entry its token count and its term ids (a range of `segmentTerms`).
    var segments = ByteTable(initialSlots: 16_384)
    var segmentTokens: [Int32] = []
    var segmentTermEnd: [Int32] = [0]
    var segmentTerms: [Int32] = []
    /// Counts of o200k pieces, for segments seen for the first time.
    var pieces = ByteTable(initialSlots: 4096)

    /// The most o200k pieces remembered before that memo starts over.
    static let pieceCapacity = 1 << 18

    /// The most segments remembered before the memo starts over (term ids are kept).
    let segmentCapacity: Int

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
        var copy = text
        return copy.withUTF8 { utf8 -> Int in
            guard let base = utf8.baseAddress, utf8.count > 0 else { return 0 }
            let n = utf8.count
            var tokens = 0
            var start = 0
            while start < n {
                let end = Encoding.segmentEnd(base, n, from: start)
                let length = end - start
                if length > TokenCountCache.longestSegment {
                    tokens += analyzeSegment(base + start, length, encoding, &termIds)
                } else if let e = segments.lookup(base + start, length) {
                    tokens += Int(segmentTokens[e])
                    var k = Int(segmentTermEnd[e])
                    let to = Int(segmentTermEnd[e + 1])
                    while k < to {
                        termIds.append(segmentTerms[k])
                        k += 1
                    }
                } else {
                    let before = termIds.count
                    let counted = analyzeSegment(base + start, length, encoding, &termIds)
                    if segments.count >= segmentCapacity {
                        segments.removeAll()
                        segmentTokens.removeAll(keepingCapacity: true)
                        segmentTermEnd = [0]
                        segmentTerms.removeAll(keepingCapacity: true)
                    }
                    segments.insert(base + start, length, value: 0)
                    segmentTokens.append(Int32(counted))
                    segmentTerms.append(contentsOf: termIds[before...])
                    segmentTermEnd.append(Int32(segmentTerms.count))
                    tokens += counted
                }
                start = end
            }
            return tokens
        }
    }

    /// Counts one segment and appends its term ids, inserting new terms.
    mutating func analyzeSegment(_ p: UnsafePointer<UInt8>, _ n: Int, _ encoding: Encoding,
                                 _ termIds: inout [Int32]) -> Int {
        let tokens = encoding.countPieces(p, n, &pieces, Lexicon.pieceCapacity)
        var ascii = true
        for k in 0..<n where p[k] >= 0x80 {
            ascii = false
            break
        }
        if ascii {
            Lexicon.forEachASCIIWord(p, n) { word, length in
                termIds.append(Int32(terms.insert(word, length, value: 0)))
            }
        } else {
            let text = String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
            for token in PythonText.wordTokens(text) { termIds.append(Int32(terms.insert(token, value: 0))) }
        }
        return tokens
    }

    /// The ids of the search tokens of a query that are known terms, in order (unknown ones can score nothing).
    /// Nothing is inserted.
    package func queryTerms(_ text: String) -> [Int32] {
        var result: [Int32] = []
        var ascii = true
        for b in text.utf8 where b >= 0x80 {
            ascii = false
            break
        }
        if ascii {
            var copy = text
            copy.withUTF8 { utf8 in
                guard let base = utf8.baseAddress else { return }
                Lexicon.forEachASCIIWord(base, utf8.count) { word, length in
                    if let id = terms.index(of: word, length) { result.append(Int32(id)) }
                }
            }
        } else {
            for token in PythonText.wordTokens(text) {
                if let id = terms.index(of: token) { result.append(Int32(id)) }
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
