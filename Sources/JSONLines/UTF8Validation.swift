#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// UTF-8 validation over raw bytes that reports where the first bad sequence starts.
package enum UTF8Validation {
    /// Returns the 0-based offset of the first byte that does not begin a well-formed UTF-8 sequence
    /// (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF), or `nil` if all bytes are valid.
    ///
    /// - Complexity: O(n), with an 8-bytes-at-a-time fast path over ASCII.
    package static func firstInvalidOffset(_ p: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = p.count
        guard let base = p.baseAddress else { return nil }
        var i = 0
        while i < n {
            // Fast path: skip 8 ASCII bytes at once.
            if i + 8 <= n {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    i += 8
                    continue
                }
            }
            let b0 = base[i]
            if b0 < 0x80 {
                i += 1
                continue
            }
            let need: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: need = 2
            case 0xED: need = 2; upper = 0x9F
            case 0xF0: need = 3; lower = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; upper = 0x8F
            default: return i
            }
            if i + need >= n { return i }
            let b1 = base[i + 1]
            if b1 < lower || b1 > upper { return i }
            var k = 2
            while k <= need {
                let b = base[i + k]
                if b < 0x80 || b > 0xBF { return i }
                k += 1
            }
            i += need + 1
        }
        return nil
    }

    /// Whether the UTF-8 of `string` contains U+FFFD (EF BF BD).
    /// - Complexity: O(n), using `memchr` to jump between 0xEF bytes.
    package static func containsReplacementCharacter(_ string: String) -> Bool {
        var copy = string
        return copy.withUTF8 { utf8 -> Bool in
            guard let base = utf8.baseAddress else { return false }
            var i = 0
            let n = utf8.count
            while i + 2 < n {
                guard let hit = memchr(base + i, 0xEF, n - i - 2) else { return false }
                let j = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
                if base[j + 1] == 0xBF && base[j + 2] == 0xBD { return true }
                i = j + 1
            }
            return false
        }
    }

    /// Whether `bytes` are valid UTF-8.
    package static func isValid(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { firstInvalidOffset($0) == nil }
    }
}
