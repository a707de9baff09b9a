extension BytePairEncoder {
    /// Pieces longer than this many bytes merge through ``mergeLongParts(_:_:_:_:_:_:)``: the plain loop rescans
    /// and shifts every part for each merge (quadratic), which a run of CJK text or a long random string (one
    /// pre-token piece of hundreds of bytes) makes the bulk of the work. Measured: 24 and 64 both beat the plain
    /// loop on the parity text (encode 21 against 18–20 MB/s); 24 was not slower.
    static let longPiece = 24

    /// ``mergeParts(_:_:_:_:_:_:_:)`` in O(n log n): the parts form a linked list keyed by their first byte, and a
    /// min-heap holds `rank << 32 | start` for adjacent pairs, so the lowest rank comes first and, among equal
    /// ranks, the leftmost pair (tiktoken's choice). Entries go stale when a part changes; each popped entry is
    /// checked against the pair's current rank, so a stale one is skipped and a valid one is the current minimum.
    /// Fills `starts` and `tokens` exactly as the plain loop does.
    static func mergeLongParts(_ piece: UnsafePointer<UInt8>, _ length: Int, _ vocab: Vocabulary.Table,
                               _ starts: UnsafeMutablePointer<Int32>, _ tokens: UnsafeMutablePointer<UInt32>,
                               _ pairRank: (UInt32, UInt32, UnsafePointer<UInt8>, Int) -> UInt32) -> Int {
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2 * length) { links in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 2 * length) { values in
                // Each merge pushes at most two entries.
                withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 3 * length) { heapBuffer in
                    let next = links.baseAddress!
                    let previous = next + length
                    let token = values.baseAddress!
                    let pairRankOf = token + length
                    let heap = heapBuffer.baseAddress!
                    var heapCount = 0
                    @inline(__always) func push(_ key: UInt64) {
                        var i = heapCount
                        heapCount += 1
                        while i > 0 {
                            let parent = (i - 1) / 2
                            guard heap[parent] > key else { break }
                            heap[i] = heap[parent]
                            i = parent
                        }
                        heap[i] = key
                    }
                    @inline(__always) func pop() -> UInt64 {
                        let top = heap[0]
                        heapCount -= 1
                        let last = heap[heapCount]
                        var i = 0
                        while true {
                            let l = 2 * i + 1
                            if l >= heapCount { break }
                            let r = l + 1
                            let c = r < heapCount && heap[r] < heap[l] ? r : l
                            guard heap[c] < last else { break }
                            heap[i] = heap[c]
                            i = c
                        }
                        heap[i] = last
                        return top
                    }
                    // The end of the part starting at `i` (the start of the next part, or the piece's end).
                    @inline(__always) func end(_ i: Int) -> Int { next[i] >= 0 ? Int(next[i]) : length }
                    // The rank of merging the part at `i` with its successor, remembered and queued.
                    @inline(__always) func refresh(_ i: Int) {
                        let j = Int(next[i])
                        guard j >= 0 else {
                            pairRankOf[i] = UInt32.max
                            return
                        }
                        let r = pairRank(token[i], token[j], piece + i, end(j) - i)
                        pairRankOf[i] = r
                        if r != UInt32.max { push(UInt64(r) << 32 | UInt64(i)) }
                    }
                    for k in 0..<length {
                        next[k] = k + 1 < length ? Int32(k + 1) : -1
                        previous[k] = Int32(k - 1)
                        token[k] = vocab.byteRanks[Int(piece[k])]
                    }
                    for k in 0..<length - 1 {
                        let r = vocab.pairRanks[Int(piece[k]) << 8 | Int(piece[k + 1])]
                        pairRankOf[k] = r
                        if r != UInt32.max { push(UInt64(r) << 32 | UInt64(k)) }
                    }
                    pairRankOf[length - 1] = UInt32.max
                    while heapCount > 0 {
                        let entry = pop()
                        let i = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF)
                        let r = UInt32(truncatingIfNeeded: entry >> 32)
                        // Stale: the part was absorbed (its rank slot is cleared) or its pair changed since.
                        guard pairRankOf[i] == r, next[i] >= 0 else { continue }
                        let j = Int(next[i])
                        token[i] = r
                        let k = next[j]
                        next[i] = k
                        if k >= 0 { previous[Int(k)] = Int32(i) }
                        pairRankOf[j] = UInt32.max
                        refresh(i)
                        if previous[i] >= 0 { refresh(Int(previous[i])) }
                    }
                    var count = 0
                    var i = 0
                    while i >= 0 {
                        starts[count] = Int32(i)
                        tokens[count] = token[i]
                        count += 1
                        i = Int(next[i])
                    }
                    starts[count] = Int32(length)
                    return count
                }
            }
        }
    }
}
