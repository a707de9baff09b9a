#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open-addressing map from byte strings to `Int32` values that hashes keys in place and keeps its own copy
/// of each key, so lookups and inserts allocate nothing per key. Used for interning search terms, memoising
/// token counts and finding memory items by id or content.
///
/// Each slot packs the top 32 bits of the key's hash with its entry number, so a probe reads one word and
/// touches the key bytes only when the tags agree.
package struct ByteTable: Sendable {
    /// 0 = empty; otherwise `(hash & tagMask) | (entry + 1)`.
    @usableFromInline var slots: [UInt64]
    @usableFromInline var hashes: [UInt64] = []
    /// The value of each entry, by entry number.
    package var values: [Int32] = []
    @usableFromInline var offsets: [Int32] = [0]
    /// The keys back to back (key `e` is `arena[offsets[e] ..< offsets[e + 1]]`).
    @usableFromInline var arena = RawStorage<UInt8>()

    @usableFromInline static let tagMask: UInt64 = 0xFFFF_FFFF_0000_0000

    /// Creates an empty table.
    package init(initialSlots: Int = 1024) {
        var capacity = 16
        while capacity < initialSlots { capacity <<= 1 }
        slots = Array(repeating: 0, count: capacity)
    }

    /// The number of keys.
    package var count: Int { hashes.count }

    /// Forgets every key.
    package mutating func removeAll() {
        slots = Array(repeating: 0, count: 1024)
        hashes.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        offsets = [0]
        arena.truncate(to: 0)
    }

    /// The bytes of entry `entry`'s key.
    package func key(_ entry: Int) -> [UInt8] {
        let start = Int(offsets[entry])
        return Array(UnsafeBufferPointer(start: arena.pointer + start, count: Int(offsets[entry + 1]) - start))
    }

    /// The entry index of the key, or where an insert would go.
    /// - Complexity: O(n) in the key length; expected O(1) probes.
    @inlinable @inline(__always)
    func find(_ p: UnsafePointer<UInt8>, _ n: Int, _ h: UInt64) -> (slot: Int, entry: Int) {
        slots.withUnsafeBufferPointer { slots in
            offsets.withUnsafeBufferPointer { offsets in
                do {
                    let arena = self.arena.pointer
                    let mask = slots.count - 1
                    let tag = h & ByteTable.tagMask
                    var slot = Int(truncatingIfNeeded: h) & mask
                    while true {
                        let word = slots[slot]
                        if word == 0 { return (slot, -1) }
                        if word & ByteTable.tagMask == tag {
                            let entry = Int(truncatingIfNeeded: word & 0xFFFF_FFFF) - 1
                            let start = Int(offsets[entry])
                            if Int(offsets[entry + 1]) - start == n
                                && ByteTable.equal(arena + start, p, n)
                            {
                                return (slot, entry)
                            }
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
    }

    /// The hash the table uses for a byte string (shared with other short-key tables).
    @inlinable @inline(__always)
    package static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 { Vocabulary.hash(p, n) }

    /// Whether `n` bytes at `a` and `b` are equal: word compares for short keys (no call), `memcmp` for long ones.
    @inlinable @inline(__always)
    static func equal(_ a: UnsafePointer<UInt8>?, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        guard n > 0, let a else { return n == 0 }
        let x = UnsafeRawPointer(a)
        let y = UnsafeRawPointer(b)
        if n >= 8 {
            if n > 24 { return memcmp(a, b, n) == 0 }
            var i = 0
            while i + 8 <= n {
                let u = x.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if u != y.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
                i += 8
            }
            return i == n || x.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
                == y.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
        }
        if n >= 4 {
            return x.loadUnaligned(as: UInt32.self) == y.loadUnaligned(as: UInt32.self)
                && x.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
                == y.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
        }
        return a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1]
    }

    /// The index of the key's entry, if present.
    @inlinable @inline(__always)
    package func index(of p: UnsafePointer<UInt8>, _ n: Int) -> Int? {
        let e = find(p, n, Vocabulary.hash(p, n)).entry
        return e >= 0 ? e : nil
    }

    /// ``index(of:_:)`` through mutable access: callers that hold the table `inout` (a stored property of a
    /// mutating method, an `inout` parameter) use this to avoid a copy of the table per lookup.
    @inlinable @inline(__always)
    package mutating func lookup(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int? {
        let e = find(p, n, Vocabulary.hash(p, n)).entry
        return e >= 0 ? e : nil
    }

    /// The index of the key's entry, adding it with `value` when absent.
    @discardableResult
    package mutating func insert(_ p: UnsafePointer<UInt8>, _ n: Int, value: Int32) -> Int {
        let h = Vocabulary.hash(p, n)
        let (slot, entry) = find(p, n, h)
        if entry >= 0 { return entry }
        let index = hashes.count
        slots[slot] = (h & ByteTable.tagMask) | UInt64(index + 1)
        hashes.append(h)
        values.append(value)
        // A key is one copy into claimed room: the generic append of a buffer cost about 190 instructions a key,
        // and an array's room had to be zeroed first.
        let end = arena.claim(n)
        if n > 0 { (arena.mutablePointer() + end).update(from: p, count: n) }
        offsets.append(Int32(end + n))
        if hashes.count * 2 > slots.count { grow() }
        return index
    }

    /// The index of the entry whose key is `text`'s UTF-8, if present.
    package func index(of text: String) -> Int? { TextBytes.with(text) { index(of: $0, $1) } }

    /// ``index(of:)-(String)`` through mutable access (see ``lookup(_:_:)``).
    package mutating func lookup(_ text: String) -> Int? { TextBytes.with(text) { lookup($0, $1) } }

    /// The index of the entry whose key is `text`'s UTF-8, adding it with `value` when absent.
    @discardableResult
    package mutating func insert(_ text: String, value: Int32) -> Int {
        TextBytes.with(text) { insert($0, $1, value: value) }
    }

    mutating func grow() {
        var bigger = [UInt64](repeating: 0, count: slots.count * 2)
        let mask = bigger.count - 1
        for (index, h) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: h) & mask
            while bigger[slot] != 0 { slot = (slot + 1) & mask }
            bigger[slot] = (h & ByteTable.tagMask) | UInt64(index + 1)
        }
        slots = bigger
    }
}
