@_spi(Hot) import Tokenizer

/// The set of names a world has used, for the uniqueness check of every invented name: names of up to 16 bytes
/// (nearly all) are held inline as two words and a length in an open-addressing table, so an insert is one hash
/// and usually one probe with no key bytes stored elsewhere; longer ones go to a byte table.
struct NameSet {
    /// `k0`, `k1` the key's words (``ShortKey``), `length` 0 when the slot is empty.
    private struct Slot {
        var k0: UInt64 = 0
        var k1: UInt64 = 0
        var length = 0
    }

    private var slots: [Slot]
    private var shortCount = 0
    private var long = ByteTable(initialSlots: 64)

    /// An empty set sized for about `expected` names.
    init(expected: Int) {
        var capacity = 16
        while capacity < 2 * expected { capacity <<= 1 }
        slots = [Slot](repeating: Slot(), count: capacity)
    }

    /// Adds the `n` bytes at `p` (n ≥ 1); whether they were not in the set yet.
    /// - Complexity: O(n) to hash; expected O(1) probes.
    mutating func insert(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        guard n <= ShortKey.maxLength else {
            let known = long.count
            return long.insert(p, n, value: 0) == known
        }
        let (k0, k1) = ShortKey.words(p, n)
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: ShortKey.mix(k0, k1, n)) & mask
        while true {
            let s = slots[i]
            if s.length == 0 { break }
            if s.length == n && s.k0 == k0 && s.k1 == k1 { return false }
            i = (i + 1) & mask
        }
        slots[i] = Slot(k0: k0, k1: k1, length: n)
        shortCount += 1
        if 2 * shortCount > slots.count { grow() }
        return true
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(), count: 2 * old.count)
        let mask = slots.count - 1
        for s in old where s.length > 0 {
            var i = Int(truncatingIfNeeded: ShortKey.mix(s.k0, s.k1, s.length)) & mask
            while slots[i].length != 0 { i = (i + 1) & mask }
            slots[i] = s
        }
    }
}
