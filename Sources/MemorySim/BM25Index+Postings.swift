@_spi(Hot) import Tokenizer
/// Chunked posting lists: how the index keeps each term's postings in its one pool.
///
/// A chunk is a header cell followed by `capacity` posting cells. The header is a ``BM25Index/Posting`` read as
/// `slot` = the next chunk's header cell in the term's chain (-1 at the end; in a free list, the next free chunk)
/// and `frequency` = the capacity. A term's chunks double in size (4, 8, 16, … up to 2^``largestChunkClass``), so a
/// term with n postings has O(log n) chunks plus n / 2^12, and appending a posting never moves the others: the old
/// layout, one range per term moved to the end of the pool with twice the room, spent a tenth of a replay copying
/// ranges and growing the pool.
extension BM25Index {
    /// Chunks hold at most 2^12 postings (48 KiB); a longer list is a chain of such chunks.
    static let largestChunkClass = 12

    /// The size class whose chunks hold at least `capacity` postings: floor(log2(capacity)).
    @inline(__always)
    static func chunkClass(_ capacity: Int32) -> Int { Int.bitWidth - 1 - Int(capacity).leadingZeroBitCount }

    /// Gives term `t` a new, empty tail chunk twice the size of its current one (4 for its first).
    mutating func addChunk(_ t: Int) {
        let s = termStats[t]
        let wanted = s.tail < 0 ? 2 : min(BM25Index.largestChunkClass, BM25Index.chunkClass(s.tailCapacity) + 1)
        let chunk = allocateChunk(wanted)
        if s.tail >= 0 {
            pool.mutablePointer()[Int(s.tail)].slot = Int32(chunk)
        } else {
            termStats[t].head = Int32(chunk)
        }
        termStats[t].tail = Int32(chunk)
        termStats[t].tailCount = 0
        termStats[t].tailCapacity = pool[chunk].frequency
    }

    /// A chunk of at least 2^`sizeClass` postings, from the free list or the end of the pool; its next link is -1.
    mutating func allocateChunk(_ sizeClass: Int) -> Int {
        let free = Int(freeChunks[sizeClass])
        if free >= 0 {
            let pool = self.pool.mutablePointer()
            freeChunks[sizeClass] = pool[free].slot
            pool[free].slot = -1
            return free
        }
        let capacity = 1 << sizeClass
        precondition(pool.count + capacity + 1 < Int(Int32.max), "more than 2^31 postings in one memory list")
        // The postings' cells are left uninitialised: a chunk's cells are read only once written.
        let chunk = pool.claim(capacity + 1)
        pool.mutablePointer()[chunk] = Posting(slot: -1, version: 0, frequency: Int32(capacity))
        return chunk
    }

    /// Puts a chunk on the free list of its size class.
    mutating func freeChunk(_ chunk: Int) {
        let sizeClass = min(BM25Index.largestChunkClass, BM25Index.chunkClass(pool[chunk].frequency))
        pool.mutablePointer()[chunk].slot = freeChunks[sizeClass]
        freeChunks[sizeClass] = Int32(chunk)
    }

    /// Drops a term's stale postings in place, keeping the others in order: they are written back from the start
    /// of the chain, and the chunks left empty at its end are freed.
    mutating func compact(_ term: Int32) {
        let t = Int(term)
        let s = termStats[t]
        guard s.head >= 0 else { return }
        var writeChunk = Int(s.head)
        var written = 0
        var kept = 0
        let pool = self.pool.mutablePointer()
        hot.withUnsafeBufferPointer { hot in
            do {
                var writeCapacity = Int(pool[writeChunk].frequency)
                var chunk = Int(s.head)
                while chunk >= 0 {
                    let n = chunk == Int(s.tail) ? Int(s.tailCount) : Int(pool[chunk].frequency)
                    for k in (chunk + 1)..<(chunk + 1 + n) {
                        let p = pool[k]
                        guard hot[Int(p.slot)].version == p.version else { continue }
                        // The writer never passes the reader, so the next chunk exists when this one is full.
                        if written == writeCapacity {
                            writeChunk = Int(pool[writeChunk].slot)
                            writeCapacity = Int(pool[writeChunk].frequency)
                            written = 0
                        }
                        pool[writeChunk + 1 + written] = p
                        written += 1
                        kept += 1
                    }
                    chunk = Int(pool[chunk].slot)
                }
            }
        }
        var rest = Int(pool[writeChunk].slot)
        pool[writeChunk].slot = -1
        while rest >= 0 {
            let next = Int(pool[rest].slot)
            freeChunk(rest)
            rest = next
        }
        listed -= Int(s.count) - kept
        termStats[t].tail = Int32(writeChunk)
        termStats[t].tailCount = Int32(written)
        termStats[t].tailCapacity = pool[writeChunk].frequency
        termStats[t].count = Int32(kept)
        postingCompactions += 1
    }

    /// Copies every term's live postings to a fresh pool, each term's in one chunk with room for half as many
    /// again; the free lists start empty.
    mutating func compactPostingPool() {
        var fresh = RawStorage<Posting>(capacity: 2 * listed + termStats.count)
        let hot = self.hot
        var live: [Posting] = []
        for t in termStats.indices {
            let s = termStats[t]
            live.removeAll(keepingCapacity: true)
            var chunk = Int(s.head)
            while chunk >= 0 {
                let n = chunk == Int(s.tail) ? Int(s.tailCount) : Int(pool[chunk].frequency)
                for k in (chunk + 1)..<(chunk + 1 + n) where hot[Int(pool[k].slot)].version == pool[k].version {
                    live.append(pool[k])
                }
                chunk = Int(pool[chunk].slot)
            }
            guard !live.isEmpty else {
                termStats[t].head = -1
                termStats[t].tail = -1
                termStats[t].tailCount = 0
                termStats[t].tailCapacity = 0
                termStats[t].count = 0
                continue
            }
            let room = max(4, live.count + live.count / 2)
            let start = fresh.claim(room + 1)
            let out = fresh.mutablePointer()
            out[start] = Posting(slot: -1, version: 0, frequency: Int32(room))
            for (k, p) in live.enumerated() { out[start + 1 + k] = p }
            termStats[t].head = Int32(start)
            termStats[t].tail = Int32(start)
            termStats[t].tailCount = Int32(live.count)
            termStats[t].tailCapacity = Int32(room)
            termStats[t].count = Int32(live.count)
        }
        listed = 0
        for t in termStats.indices { listed += Int(termStats[t].count) }
        pool = fresh
        for k in freeChunks.indices { freeChunks[k] = -1 }
        postingPoolCompactions += 1
    }
}
