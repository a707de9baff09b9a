/// Interned search terms: byte strings mapped to dense ids with an open-addressing table, so that indexing and
/// querying never allocate per word.
struct TermTable: Sendable {
    var slots: [Int32] = Array(repeating: -1, count: 1024)
    var hashes: [UInt64] = []
    var offsets: [Int32] = [0]
    var arena: [UInt8] = []

    var count: Int { hashes.count }

    @inline(__always) static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: n)
        var i = 0
        let raw = UnsafeRawPointer(p)
        while i + 8 <= n {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 29
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < n {
            tail |= UInt64(p[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        return h ^ (h >> 31)
    }

    /// The id of the term `bytes`, adding it when `insert` is true; nil when absent and not inserted.
    mutating func id(_ p: UnsafePointer<UInt8>, _ n: Int, insert: Bool) -> Int32? {
        let h = TermTable.hash(p, n)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let entry = slots[slot]
            if entry < 0 { break }
            let e = Int(entry)
            if hashes[e] == h {
                let start = Int(offsets[e])
                let length = Int(offsets[e + 1]) - start
                if length == n && arena.withUnsafeBufferPointer({ memcmp($0.baseAddress! + start, p, n) == 0 }) {
                    return entry
                }
            }
            slot = (slot + 1) & mask
        }
        guard insert else { return nil }
        let id = Int32(hashes.count)
        hashes.append(h)
        arena.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
        offsets.append(Int32(arena.count))
        slots[slot] = id
        if hashes.count * 2 > slots.count { grow() }
        return id
    }

    mutating func grow() {
        var bigger = [Int32](repeating: -1, count: slots.count * 2)
        let mask = bigger.count - 1
        for (id, h) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: h) & mask
            while bigger[slot] >= 0 { slot = (slot + 1) & mask }
            bigger[slot] = Int32(id)
        }
        slots = bigger
    }

    /// The term ids of Mem-α's search tokens of `text` (runs of `\w` in the lowercased text), in order.
    /// ASCII text is scanned as bytes; other text goes through the full Unicode rules.
    /// With `insert` false, tokens that are not terms are left out (they score nothing).
    mutating func ids(of text: String, insert: Bool) -> [Int32] {
        var copy = text
        return copy.withUTF8 { utf8 -> [Int32] in
            var result: [Int32] = []
            for b in utf8 where b >= 0x80 {
                for token in PythonText.wordTokens(text) {
                    var bytes = Array(token.utf8)
                    let n = bytes.count
                    let id = bytes.withUnsafeMutableBufferPointer { self.id($0.baseAddress!, n, insert: insert) }
                    if let id { result.append(id) }
                }
                return result
            }
            guard let base = utf8.baseAddress else { return result }
            result.reserveCapacity(utf8.count / 5)
            var lower = [UInt8](repeating: 0, count: 64)
            var i = 0
            let n = utf8.count
            while i < n {
                while i < n && !PythonText.asciiWord(base[i]) { i += 1 }
                let start = i
                while i < n && PythonText.asciiWord(base[i]) { i += 1 }
                let length = i - start
                guard length > 0 else { break }
                if lower.count < length { lower = [UInt8](repeating: 0, count: length) }
                let id = lower.withUnsafeMutableBufferPointer { buffer -> Int32? in
                    let out = buffer.baseAddress!
                    for k in 0..<length {
                        let b = base[start + k]
                        out[k] = b >= 0x41 && b <= 0x5A ? b + 32 : b
                    }
                    return self.id(out, length, insert: insert)
                }
                if let id { result.append(id) }
            }
            return result
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
