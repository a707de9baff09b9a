/// A direct-mapped memo from byte strings of up to 16 bytes to small counts (at most 2^56 - 1), each key held
/// inline as two words (``ShortKey``): a lookup is one hash of two words and one 24-byte entry, with no key bytes
/// read elsewhere and no allocation. A key that maps to a taken entry replaces it, so the table never grows or
/// starts over; what it forgets is counted again. Used by the token-count cache for segments and pieces.
struct ShortCountTable: Sendable {
    /// A key's words, and `length | value << 8` in `meta` (0 when the entry is empty; lengths are at least 1).
    struct Entry: Sendable {
        var k0: UInt64
        var k1: UInt64
        var meta: UInt64
    }

    var entries: [Entry]
    /// The shift that turns a key's hash into its entry index (its top bits).
    let shift: UInt64
    /// The number of filled entries.
    private(set) var count = 0

    /// A table of the smallest power of two entries that is at least `capacity`, and at most `2^maxBits`.
    init(capacity: Int, maxBits: Int) {
        var bits = 0
        while bits < maxBits && 1 << bits < capacity { bits += 1 }
        entries = [Entry](repeating: Entry(k0: 0, k1: 0, meta: 0), count: 1 << bits)
        shift = UInt64(64 - bits)
    }

    /// The value remembered for the `n` bytes at `p` (1 ≤ n ≤ 16), or -1; `slot` is where ``store(_:at:)`` puts it.
    @inline(__always)
    func find(_ p: UnsafePointer<UInt8>, _ n: Int) -> (value: Int, slot: Slot) {
        let (k0, k1) = ShortKey.words(p, n)
        // Shifting by 64 (a one-entry table) gives 0 in Swift.
        let i = Int(truncatingIfNeeded: ShortKey.mix(k0, k1, n) >> shift)
        let e = entries.withUnsafeBufferPointer { $0[i] }
        let slot = Slot(index: i, entry: Entry(k0: k0, k1: k1, meta: UInt64(n)), wasEmpty: e.meta == 0)
        if e.k0 == k0 && e.k1 == k1 && e.meta & 0xFF == UInt64(n) { return (Int(e.meta >> 8), slot) }
        return (-1, slot)
    }

    /// Where a key goes, and its entry without the value.
    struct Slot {
        var index: Int
        var entry: Entry
        var wasEmpty: Bool
    }

    /// Remembers `value` for the key that ``find(_:_:)`` gave `slot` for.
    @inline(__always)
    mutating func store(_ value: Int, at slot: Slot) {
        if slot.wasEmpty { count += 1 }
        var entry = slot.entry
        entry.meta |= UInt64(value) << 8
        entries[slot.index] = entry
    }
}
