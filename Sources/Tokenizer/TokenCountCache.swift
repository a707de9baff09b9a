/// A memo of token counts for pre-token pieces that are not single tokens, for callers that count many short
/// texts with recurring rare words (memory items, names). Owned by one caller; not shared between threads.
///
/// Pieces that are whole tokens never enter the cache (one lookup already answers them). Nothing is allocated
/// per piece. The cache starts over when it holds ``capacity`` pieces, so memory stays bounded.
public struct TokenCountCache: Sendable {
    var table = ByteTable(initialSlots: 4096)
    /// The most pieces remembered before the cache starts over.
    public let capacity: Int

    /// Creates an empty cache.
    public init(capacity: Int = 65_536) {
        precondition(capacity > 0, "capacity must be positive")
        self.capacity = capacity
    }

    /// The number of pieces remembered.
    public var count: Int { table.count }
}

extension Encoding {
    /// The number of tokens in `text`, using and filling `cache` for pieces that need byte-pair merging.
    /// Gives exactly ``count(_:)``.
    /// - Complexity: O(n) in the UTF-8 length.
    public func count(_ text: String, cache: inout TokenCountCache) -> Int {
        var copy = text
        return copy.withUTF8 { utf8 -> Int in
            guard let base = utf8.baseAddress, utf8.count > 0 else { return 0 }
            let t = ClassifiedText(base: base, count: utf8.count, table: classTable.table)
            var bpe: BytePairEncoder?
            defer { bpe?.release() }
            var n = 0
            var i = 0
            while i < t.count {
                let e = splitter.pieceEnd(t, i)
                if vocabulary.rank(base + i, e - i) != UInt32.max {
                    n += 1
                } else if let known = cache.table.index(of: base + i, e - i) {
                    n += Int(cache.table.values[known])
                } else {
                    if bpe == nil { bpe = BytePairEncoder() }
                    var pieces = 0
                    bpe!.merge(base + i, e - i, vocabulary) { _ in pieces += 1 }
                    if cache.table.count >= cache.capacity { cache.table.removeAll() }
                    _ = cache.table.insert(base + i, e - i, value: Int32(pieces))
                    n += pieces
                }
                i = e
            }
            return n
        }
    }
}
