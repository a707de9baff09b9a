#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A memo of token counts for pre-token pieces that are not single tokens, for callers that count many short
/// texts with recurring rare words (memory items, names). Owned by one caller; not shared between threads.
///
/// Pieces that are whole tokens never enter the cache (one lookup already answers them). Lookups hash the
/// piece's bytes in place and compare them with a stored copy, so nothing is allocated per piece. The cache
/// starts over when it holds ``capacity`` pieces, so memory stays bounded.
public struct TokenCountCache: Sendable {
    var slots: [Int32] = Array(repeating: -1, count: 4096)
    var hashes: [UInt64] = []
    var counts: [Int32] = []
    var offsets: [Int32] = [0]
    var arena: [UInt8] = []
    /// The most pieces remembered before the cache starts over.
    public let capacity: Int

    /// Creates an empty cache.
    public init(capacity: Int = 65_536) {
        precondition(capacity > 0, "capacity must be positive")
        self.capacity = capacity
    }

    /// The number of pieces remembered.
    public var count: Int { hashes.count }

    mutating func reset() {
        slots = Array(repeating: -1, count: 4096)
        hashes.removeAll(keepingCapacity: true)
        counts.removeAll(keepingCapacity: true)
        offsets = [0]
        arena.removeAll(keepingCapacity: true)
    }

    /// The slot where `p[0..<n]` is, or where it would go.
    func find(_ p: UnsafePointer<UInt8>, _ n: Int, _ h: UInt64) -> (slot: Int, entry: Int32) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let entry = slots[slot]
            if entry < 0 { return (slot, -1) }
            let e = Int(entry)
            if hashes[e] == h {
                let start = Int(offsets[e])
                if Int(offsets[e + 1]) - start == n
                    && arena.withUnsafeBufferPointer({ memcmp($0.baseAddress! + start, p, n) == 0 })
                {
                    return (slot, entry)
                }
            }
            slot = (slot + 1) & mask
        }
    }

    mutating func lookup(_ p: UnsafePointer<UInt8>, _ n: Int, _ h: UInt64) -> Int32? {
        let (_, entry) = find(p, n, h)
        return entry >= 0 ? counts[Int(entry)] : nil
    }

    mutating func store(_ p: UnsafePointer<UInt8>, _ n: Int, _ h: UInt64, count: Int32) {
        if hashes.count >= capacity { reset() }
        let (slot, entry) = find(p, n, h)
        guard entry < 0 else { return }
        slots[slot] = Int32(hashes.count)
        hashes.append(h)
        counts.append(count)
        arena.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
        offsets.append(Int32(arena.count))
        if hashes.count * 2 > slots.count {
            var bigger = [Int32](repeating: -1, count: slots.count * 2)
            let mask = bigger.count - 1
            for (id, hash) in hashes.enumerated() {
                var s = Int(truncatingIfNeeded: hash) & mask
                while bigger[s] >= 0 { s = (s + 1) & mask }
                bigger[s] = Int32(id)
            }
            slots = bigger
        }
    }
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
                    let h = Vocabulary.hash(base + i, e - i)
                    if let known = cache.lookup(base + i, e - i, h) {
                        n += Int(known)
                    } else {
                        if bpe == nil { bpe = BytePairEncoder() }
                        var pieces = 0
                        bpe!.merge(base + i, e - i, vocabulary) { _ in pieces += 1 }
                        cache.store(base + i, e - i, h, count: Int32(pieces))
                        n += pieces
                    }
                }
                i = e
            }
            return n
        }
    }
}
