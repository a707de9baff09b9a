/// What token counting remembers below the segment level, for text seen for the first time: the count of each
/// pre-token piece (of three bytes or more), and the rank of each merged pair of tokens met while merging pieces.
///
/// The pair memo is what makes a new word cheap: byte-pair merging asks, again and again, whether two adjacent
/// tokens concatenate to a token; asked of the 200k-token vocabulary, each question is a probe of a table far
/// larger than the processor's caches. Pairs recur across words (syllables, suffixes), so a small direct-mapped
/// memo keyed by the two tokens' ranks answers most of them from cache. Counts never depend on what it holds.
package struct PieceMemo: Sendable {
    /// Pieces of up to 16 bytes (nearly all), and longer ones.
    var short: ShortCountTable
    var pieces = ByteTable(initialSlots: 4096)
    /// The most pieces remembered before that memo starts over.
    let capacity: Int
    /// Direct-mapped, one word per entry so that a probe touches one cache line: `a << 38 | b << 20 | r`, where
    /// `r` is the rank of the concatenation of tokens `a` and `b`, or `0xFFFFF` when it is not a token (ranks are
    /// below 2^18, see ``Vocabulary/rankMask``); `UInt64.max` when empty (no rank is 2^18 - 1).
    var pairs: [UInt64]
    static let pairBits = 16
    static let notAToken: UInt64 = 0xFFFFF

    /// Creates an empty memo that remembers at most `capacity` pieces.
    package init(capacity: Int) {
        precondition(capacity > 0, "capacity must be positive")
        self.capacity = capacity
        short = ShortCountTable(capacity: capacity, maxBits: 13)
        pairs = [UInt64](repeating: UInt64.max, count: 1 << PieceMemo.pairBits)
    }

    /// The number of pieces remembered.
    package var count: Int { short.count + pieces.count }

    /// The rank of the token made of tokens `a` then `b`, whose bytes are the `n` bytes at `p`, or `UInt32.max`.
    @inline(__always)
    mutating func pairRank(_ a: UInt32, _ b: UInt32, _ p: UnsafePointer<UInt8>, _ n: Int,
                           _ vocab: Vocabulary.Table) -> UInt32 {
        let key = UInt64(a) << 18 | UInt64(b)
        let i = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - PieceMemo.pairBits))
        // A hit only reads (no uniqueness check of the array); a miss asks the vocabulary and writes.
        let entry = pairs.withUnsafeBufferPointer { $0[i] }
        if entry >> 20 == key {
            let r = entry & PieceMemo.notAToken
            return r == PieceMemo.notAToken ? UInt32.max : UInt32(truncatingIfNeeded: r)
        }
        let rank = vocab.rank(p, n)
        pairs[i] = key << 20 | (rank == UInt32.max ? PieceMemo.notAToken : UInt64(rank))
        return rank
    }
}
