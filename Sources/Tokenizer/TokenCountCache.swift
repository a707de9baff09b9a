/// A memo of token counts for pre-token pieces that are not single tokens, for callers that count many short
/// texts with recurring rare words (memory items, names). Owned by one caller; not shared between threads.
///
/// Pieces that are whole tokens never enter the cache (one lookup already answers them). The cache is cleared when
/// it reaches ``capacity`` entries, so memory stays bounded.
public struct TokenCountCache: Sendable {
    struct Key: Hashable, Sendable {
        let bytes: [UInt8]

        func hash(into hasher: inout Hasher) {
            bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }

    var counts: [Key: Int32] = [:]
    /// The most pieces remembered before the cache starts over.
    public let capacity: Int

    /// Creates an empty cache.
    public init(capacity: Int = 65_536) {
        precondition(capacity > 0, "capacity must be positive")
        self.capacity = capacity
    }

    /// The number of pieces remembered.
    public var count: Int { counts.count }
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
                } else {
                    let key = TokenCountCache.Key(bytes: Array(UnsafeBufferPointer(start: base + i, count: e - i)))
                    if let known = cache.counts[key] {
                        n += Int(known)
                    } else {
                        if bpe == nil { bpe = BytePairEncoder() }
                        var pieces = 0
                        bpe!.merge(base + i, e - i, vocabulary) { _ in pieces += 1 }
                        if cache.counts.count >= cache.capacity { cache.counts.removeAll(keepingCapacity: true) }
                        cache.counts[key] = Int32(pieces)
                        n += pieces
                    }
                }
                i = e
            }
            return n
        }
    }
}
