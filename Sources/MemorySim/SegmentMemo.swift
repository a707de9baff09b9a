@_spi(Hot) import Tokenizer
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The lexicon's memo from a text segment to what it contributes: its o200k count and its search terms.
///
/// Built for the one hot operation, looking up a short segment (a word and its space, usually under 16 bytes):
/// keys of up to 16 bytes are held in the record itself as two machine words, so a lookup is one hash of two words,
/// one probe of a 4-byte slot and one 32-byte record, with no byte loop and no separate key storage. Longer keys
/// (up to ``TokenCountCache/longestSegment``) keep their bytes in an arena.
struct SegmentMemo: Sendable {
    /// One remembered segment. For keys of up to 16 bytes `k0`/`k1` are the key (see `ShortKey.words`); for longer
    /// ones `k0` is the key's hash and `k1` its offset in `arena`. A segment with one term holds its id in `term`;
    /// one with several holds where they start in the lexicon's term list.
    struct Record: Sendable {
        var k0: UInt64
        var k1: UInt64
        var length: Int32
        var tokens: Int32
        var termCount: Int32
        var term: Int32
    }

    /// 0 = empty; otherwise the record number + 1.
    var slots: [UInt32]
    var records: [Record] = []
    var arena: [UInt8] = []

    init() { slots = [UInt32](repeating: 0, count: 4096) }

    /// The number of segments remembered.
    var count: Int { records.count }

    /// Forgets every segment.
    mutating func removeAll() {
        slots = [UInt32](repeating: 0, count: 4096)
        records.removeAll(keepingCapacity: true)
        arena.removeAll(keepingCapacity: true)
    }

    /// The slot hash of a record (for rehashing).
    @inline(__always)
    static func hash(of r: Record) -> UInt64 { r.length <= 16 ? ShortKey.mix(r.k0, r.k1, Int(r.length)) : r.k0 }

    /// The record of the `n`-byte key at `p` (n ≤ 64), or -1; `slot` is where an insert of it would go, `k0`/`k1`
    /// its words for ``insert(slot:k0:k1:key:length:tokens:termCount:term:)``.
    /// - Complexity: expected O(1) probes; O(n) only for keys over 16 bytes. (Mutating only so that callers holding
    ///   the memo in place do not copy it per call.)
    @inline(__always)
    mutating func find(_ p: UnsafePointer<UInt8>, _ n: Int) -> (record: Int, slot: Int, k0: UInt64, k1: UInt64) {
        var k0: UInt64
        var k1: UInt64
        let h: UInt64
        if n <= 16 {
            (k0, k1) = ShortKey.words(p, n)
            h = ShortKey.mix(k0, k1, n)
        } else {
            h = ByteTable.hash(p, n)
            k0 = h
            k1 = 0
        }
        let length = Int32(truncatingIfNeeded: n)
        return slots.withUnsafeBufferPointer { slots in
            records.withUnsafeBufferPointer { records in
                let mask = slots.count - 1
                var slot = Int(truncatingIfNeeded: h) & mask
                while true {
                    let s = slots[slot]
                    if s == 0 { return (-1, slot, k0, k1) }
                    let r = Int(s) - 1
                    let record = records[r]
                    if record.length == length && record.k0 == k0 {
                        if n <= 16 {
                            if record.k1 == k1 { return (r, slot, k0, k1) }
                        } else if arena.withUnsafeBufferPointer({ memcmp($0.baseAddress! + Int(record.k1), p, n) == 0 }) {
                            return (r, slot, k0, k1)
                        }
                    }
                    slot = (slot + 1) & mask
                }
            }
        }
    }

    /// Adds a record in the slot that ``find(_:_:)`` reported for this key.
    mutating func insert(slot: Int, k0: UInt64, k1: UInt64, key p: UnsafePointer<UInt8>, length n: Int,
                         tokens: Int, termCount: Int, term: Int32) {
        var second = k1
        if n > 16 {
            second = UInt64(arena.count)
            arena.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
        }
        records.append(Record(k0: k0, k1: second, length: Int32(n), tokens: Int32(tokens),
                              termCount: Int32(termCount), term: term))
        slots[slot] = UInt32(records.count)
        if records.count * 2 > slots.count { grow() }
    }

    mutating func grow() {
        var bigger = [UInt32](repeating: 0, count: slots.count * 2)
        let mask = bigger.count - 1
        for (r, record) in records.enumerated() {
            var slot = Int(truncatingIfNeeded: SegmentMemo.hash(of: record)) & mask
            while bigger[slot] != 0 { slot = (slot + 1) & mask }
            bigger[slot] = UInt32(r + 1)
        }
        slots = bigger
    }
}
