#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A memo of token counts for callers that count many short texts with recurring words (memory items, generated
/// sentences). Owned by one caller; not shared between threads.
///
/// It remembers counts at two levels:
/// - **segments**: the text between two word boundaries, where a boundary is a space that follows a printable ASCII
///   character. No o200k or cl100k pre-token crosses such a point and none of their patterns looks behind it, so a
///   text's count is the sum of its segments' counts (tested against the plain counter on the parity corpus);
/// - **pieces**: pre-token pieces of three bytes or more, for segments seen for the first time.
///
/// Segments and pieces of up to 16 bytes (nearly all words with their space) sit in direct-mapped tables that hold
/// each key inline as two words (``ShortKey``, `ShortCountTable`): a warm one costs one hash of two words and one
/// 24-byte entry, with no key bytes read elsewhere; a key that maps to a taken entry replaces it. Longer ones sit in
/// byte tables. All of them are small enough to stay in the processor's caches, unlike the 200k-token vocabulary.
/// Nothing is allocated per lookup. Each byte table starts over once it holds ``capacity`` keys and each short
/// table has at most ``capacity`` entries (a power of two, at most 2^14 for segments and 2^13 for pieces), so memory
/// stays bounded; counts never depend on what the cache holds.
public struct TokenCountCache: Sendable {
    var pieces: PieceMemo
    var segments = ByteTable(initialSlots: 4096)
    /// Segments of up to 16 bytes.
    var short: ShortCountTable
    /// The most keys each level remembers before it starts over.
    public let capacity: Int
    /// Segments longer than this are counted piece by piece and not remembered (rare: a word of 64 bytes).
    @_spi(Hot) @inlinable public static var longestSegment: Int { 64 }

    /// Creates an empty cache.
    public init(capacity: Int = 65_536) {
        precondition(capacity > 0, "capacity must be positive")
        self.capacity = capacity
        pieces = PieceMemo(capacity: capacity)
        short = ShortCountTable(capacity: capacity, maxBits: 14)
    }

    /// The number of pieces and segments remembered.
    public var count: Int { pieces.count + segments.count + short.count }
}

extension Encoding {
    /// The number of tokens in `text`, using and filling `cache`. Gives exactly ``count(_:)``.
    /// - Complexity: O(n) in the UTF-8 length; about one small-table probe per word once the cache is warm.
    public func count(_ text: String, cache: inout TokenCountCache) -> Int {
        TextBytes.with(text) { count(utf8: UnsafeBufferPointer(start: $0, count: $1), cache: &cache) }
    }

    /// ``count(_:cache:)`` for valid UTF-8 bytes.
    public func count(utf8: UnsafeBufferPointer<UInt8>, cache: inout TokenCountCache) -> Int {
        guard let base = utf8.baseAddress, utf8.count > 0 else { return 0 }
        let n = utf8.count
        var total = 0
        var start = 0
        while start < n {
            let end = Encoding.segmentEnd(base, n, from: start)
            total += countSegment(base + start, end - start, &cache)
            start = end
        }
        return total
    }

    /// Whether position `i` of the `n` bytes at `base` is a word boundary: a space whose previous byte is printable
    /// ASCII. No o200k or cl100k pre-token crosses one, and none of their patterns looks behind, so a text's count
    /// is the sum of the counts of the runs between boundaries (its segments, see ``segmentEnd(_:_:from:)``).
    @inlinable @inline(__always)
    package static func isBoundary(_ base: UnsafePointer<UInt8>, _ n: Int, at i: Int) -> Bool {
        guard i > 0 && i < n && base[i] == 0x20 else { return false }
        let before = base[i - 1]
        return before >= 0x21 && before <= 0x7E
    }

    /// The end of the segment that starts at `start`: the next word boundary after it (``isBoundary(_:_:at:)``),
    /// or `n`.
    /// - Complexity: O(length of the segment), eight bytes at a time.
    @inlinable @inline(__always)
    package static func segmentEnd(_ base: UnsafePointer<UInt8>, _ n: Int, from start: Int) -> Int {
        var i = start + 1
        let raw = UnsafeRawPointer(base)
        while i + 8 <= n {
            // Bytes equal to 0x20 become zero bytes; the classic test finds them (a set bit can also follow a
            // real zero byte, so each candidate is checked).
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                ^ 0x2020_2020_2020_2020
            var spaces = (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
            while spaces != 0 {
                let j = i + spaces.trailingZeroBitCount >> 3
                if isBoundary(base, n, at: j) { return j }
                spaces &= spaces - 1
            }
            i += 8
        }
        while i < n {
            if isBoundary(base, n, at: i) { return i }
            i += 1
        }
        return n
    }

    /// The count of one segment, from the segment table or else piece by piece.
    @inline(__always)
    func countSegment(_ p: UnsafePointer<UInt8>, _ length: Int, _ cache: inout TokenCountCache) -> Int {
        if length <= ShortKey.maxLength {
            let (known, slot) = cache.short.find(p, length)
            if known >= 0 { return known }
            let counted = countPieces(p, length, &cache.pieces)
            cache.short.store(counted, at: slot)
            return counted
        }
        guard length <= TokenCountCache.longestSegment else {
            return countPieces(p, length, &cache.pieces)
        }
        if let known = cache.segments.lookup(p, length) { return Int(cache.segments.values[known]) }
        let counted = countPieces(p, length, &cache.pieces)
        if cache.segments.count >= cache.capacity { cache.segments.removeAll() }
        cache.segments.insert(p, length, value: Int32(counted))
        return counted
    }

    /// ``count(utf8:cache:)`` for text that is counted once and not again soon (a name whose count the caller
    /// keeps): its segments are neither looked up nor remembered, so they cost no probe of the segment table and
    /// displace no recurring segment there. Its pieces are remembered as usual (the words may recur in other
    /// segments).
    package func countOnce(utf8: UnsafeBufferPointer<UInt8>, cache: inout TokenCountCache) -> Int {
        guard let base = utf8.baseAddress, utf8.count > 0 else { return 0 }
        return countPieces(base, utf8.count, &cache.pieces)
    }

    /// The count of valid UTF-8 bytes by pre-token pieces, memoising pieces of three bytes or more.
    package func countPieces(_ base: UnsafePointer<UInt8>, _ count: Int, _ memo: inout PieceMemo) -> Int {
        let t = ClassifiedText(base: base, count: count, table: classTable.table)
        var n = 0
        var i = 0
        while i < t.count {
            let e = splitter.pieceEnd(t, i)
            let length = e - i
            if length == 1 {
                n += 1
            } else if length == 2 {
                n += vocabulary.pairRanks[Int(base[i]) << 8 | Int(base[i + 1])] != UInt32.max ? 1 : 2
            } else {
                n += countPiece(base + i, length, &memo)
            }
            i = e
        }
        return n
    }

    /// The count of one pre-token piece of three bytes or more, from the memo or else merged once and remembered
    /// (a whole token counts 1 without merging; the large vocabulary table is probed once per new piece). The probe
    /// stays although merging alone was slightly cheaper here (0.3% of a mkdataset run, 0.2% of the replay): it is
    /// what tiktoken does, and merging a token's bytes is not guaranteed to rebuild that token.
    @inline(__always)
    func countPiece(_ p: UnsafePointer<UInt8>, _ length: Int, _ memo: inout PieceMemo) -> Int {
        @inline(__always) func merged() -> Int {
            vocabulary.rank(p, length) != UInt32.max
                ? 1 : BytePairEncoder.countParts(p, length, vocabulary.table, &memo)
        }
        if length <= ShortKey.maxLength {
            let (known, slot) = memo.short.find(p, length)
            if known >= 0 { return known }
            let counted = merged()
            memo.short.store(counted, at: slot)
            return counted
        }
        if let known = memo.pieces.lookup(p, length) { return Int(memo.pieces.values[known]) }
        let counted = merged()
        if memo.pieces.count >= memo.capacity { memo.pieces.removeAll() }
        memo.pieces.insert(p, length, value: Int32(counted))
        return counted
    }
}
