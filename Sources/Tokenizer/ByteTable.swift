#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open-addressing map from byte strings to `Int32` values that hashes keys in place and keeps its own copy
/// of each key, so lookups and inserts allocate nothing per key. Used for interning search terms and for
/// memoising token counts.
package struct ByteTable: Sendable {
    var slots: [Int32]
    var hashes: [UInt64] = []
    package private(set) var values: [Int32] = []
    var offsets: [Int32] = [0]
    var arena: [UInt8] = []

    /// Creates an empty table.
    package init(initialSlots: Int = 1024) {
        var capacity = 16
        while capacity < initialSlots { capacity <<= 1 }
        slots = Array(repeating: -1, count: capacity)
    }

    /// The number of keys.
    package var count: Int { hashes.count }

    /// Forgets every key.
    package mutating func removeAll() {
        slots = Array(repeating: -1, count: 1024)
        hashes.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        offsets = [0]
        arena.removeAll(keepingCapacity: true)
    }

    /// The entry index of the key, or where an insert would go.
    func find(_ p: UnsafePointer<UInt8>, _ n: Int, _ h: UInt64) -> (slot: Int, entry: Int) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let entry = Int(slots[slot])
            if entry < 0 { return (slot, -1) }
            if hashes[entry] == h {
                let start = Int(offsets[entry])
                if Int(offsets[entry + 1]) - start == n
                    && arena.withUnsafeBufferPointer({ memcmp($0.baseAddress! + start, p, n) == 0 })
                {
                    return (slot, entry)
                }
            }
            slot = (slot + 1) & mask
        }
    }

    /// The index of the key's entry, if present.
    package func index(of p: UnsafePointer<UInt8>, _ n: Int) -> Int? {
        let e = find(p, n, Vocabulary.hash(p, n)).entry
        return e >= 0 ? e : nil
    }

    /// The index of the key's entry, adding it with `value` when absent.
    package mutating func insert(_ p: UnsafePointer<UInt8>, _ n: Int, value: Int32) -> Int {
        let h = Vocabulary.hash(p, n)
        let (slot, entry) = find(p, n, h)
        if entry >= 0 { return entry }
        let index = hashes.count
        slots[slot] = Int32(index)
        hashes.append(h)
        values.append(value)
        arena.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
        offsets.append(Int32(arena.count))
        if hashes.count * 2 > slots.count { grow() }
        return index
    }

    mutating func grow() {
        var bigger = [Int32](repeating: -1, count: slots.count * 2)
        let mask = bigger.count - 1
        for (index, h) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: h) & mask
            while bigger[slot] >= 0 { slot = (slot + 1) & mask }
            bigger[slot] = Int32(index)
        }
        slots = bigger
    }
}
