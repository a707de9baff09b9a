#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@_spi(Hot) import Tokenizer

/// The distinct contents a list has held, for the insert tool's exact-duplicate check, with how many live items
/// hold each.
///
/// Keys are found by a 64-bit hash that the lexicon computes while it analyses the content anyway (see
/// ``Lexicon/analyze(_:_:encoding:termIds:)``), and compared byte for byte (Python's `==` on `str`, not Swift's
/// canonical equivalence) only when the hashes agree. An entry holds the content as the string the item holds, so
/// no bytes are copied or hashed a second time; entries are never removed (a content seen once is likely to come
/// back in an update of the same item).
struct ContentSet: Sendable {
    /// Open addressing over the entries: 0 = empty, otherwise entry + 1.
    var slots = [Int32](repeating: 0, count: 1024)
    var hashes: [UInt64] = []
    var texts: [String] = []
    /// Per entry, the live items holding exactly that content.
    var live: [Int32] = []

    /// The entry of `content`, whose hash is `hash`, added with no live item when new.
    /// - Complexity: expected O(1) probes, plus a byte comparison where the hashes agree.
    mutating func entry(_ content: String, hash: UInt64) -> Int {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash >> 7) & mask
        while true {
            let s = Int(slots[slot])
            if s == 0 { break }
            if hashes[s - 1] == hash && ContentSet.sameBytes(texts[s - 1], content) { return s - 1 }
            slot = (slot + 1) & mask
        }
        let e = hashes.count
        hashes.append(hash)
        texts.append(content)
        live.append(0)
        slots[slot] = Int32(e + 1)
        if hashes.count * 2 > slots.count { grow() }
        return e
    }

    /// Doubles the slots and places every entry again.
    mutating func grow() {
        var bigger = [Int32](repeating: 0, count: slots.count * 2)
        let mask = bigger.count - 1
        for (e, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash >> 7) & mask
            while bigger[slot] != 0 { slot = (slot + 1) & mask }
            bigger[slot] = Int32(e + 1)
        }
        slots = bigger
    }

    /// Whether two strings have the same UTF-8 bytes.
    static func sameBytes(_ a: String, _ b: String) -> Bool {
        TextBytes.with(a) { p, n in
            TextBytes.with(b) { q, m in n == m && (n == 0 || memcmp(p, q, n) == 0) }
        }
    }
}
