#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension JSONParser {
    // MARK: - Strings

    /// The offset of the first byte at or after `from` that is `"`, `\\` or a control character, or `end`.
    /// Scans 16 bytes at a time with SIMD compares, then byte by byte inside a flagged block.
    @inline(__always) func scanToSpecial(from: Int) -> Int {
        var i = from
        let quote = SIMD16<UInt8>(repeating: 0x22)
        let backslash = SIMD16<UInt8>(repeating: 0x5C)
        let space = SIMD16<UInt8>(repeating: 0x20)
        while i + 16 <= end {
            let v = UnsafeRawPointer(base + i).loadUnaligned(as: SIMD16<UInt8>.self)
            let special = (v .== quote) .| (v .== backslash) .| (v .< space)
            if any(special) { break }
            i += 16
        }
        while i < end {
            let b = base[i]
            if b == 0x22 || b == 0x5C || b < 0x20 { return i }
            i += 1
        }
        return end
    }

    /// Parses a string starting at the opening quote.
    mutating func parseString() throws(JSONLinesError) -> String {
        let open = pos
        let start = pos + 1
        pos = scanToSpecial(from: start)
        guard pos < end else { throw error("unterminated string starting here", at: open) }
        if base[pos] == UInt8(ascii: "\"") {
            let raw = UnsafeBufferPointer(start: base + start, count: pos - start)
            pos += 1
            return try makeString(raw, at: start)
        }
        // Escapes present: decode in one pass into the parser's scratch buffer (the rest of the input bounds the
        // decoded length, since escapes only shrink), then let the standard library copy and validate it.
        let scratch = scratchBuffer(capacity: end - start)
        var cursor = start
        let written = try decodeEscapes(from: &cursor, into: scratch)
        guard cursor < end else { throw error("unterminated string starting here", at: open) }
        pos = cursor + 1
        let decoded = UnsafeBufferPointer(start: UnsafePointer(scratch.baseAddress!), count: written)
        let result = String(decoding: decoded, as: UTF8.self)
        if result.utf8.count != written || UTF8Validation.containsReplacementCharacter(result) {
            if let bad = UTF8Validation.firstInvalidOffset(decoded) {
                throw error("invalid UTF-8 in string", at: min(start + bad, cursor - 1), code: .invalidUTF8)
            }
        }
        return result
    }

    /// A buffer as long as the rest of the input, allocated on first use and freed with the parse.
    func scratchBuffer(capacity: Int) -> UnsafeMutableBufferPointer<UInt8> {
        if let existing = scratch.buffer, existing.count >= capacity { return existing }
        scratch.buffer?.deallocate()
        let fresh = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(capacity, 16))
        scratch.buffer = fresh
        return fresh
    }

    /// Decodes a string body starting at `cursor` up to its closing quote into `out`; returns the bytes written
    /// and leaves `cursor` on the closing quote (or at `end` if there is none). On error, `cursor` points at the
    /// offending escape.
    func decodeEscapes(from cursor: inout Int, into out: UnsafeMutableBufferPointer<UInt8>)
        throws(JSONLinesError) -> Int
    {
        guard let dst = out.baseAddress else { return 0 }
        var n = 0
        var p = cursor
        while true {
            let stop = scanToSpecial(from: p)
            if stop > p {
                (dst + n).update(from: base + p, count: stop - p)
                n += stop - p
                p = stop
            }
            guard p < end else { break }
            let b = base[p]
            if b == UInt8(ascii: "\"") { break }
            if b < 0x20 { throw error("unescaped control character 0x\(String(b, radix: 16)) in string", at: p) }
            // A backslash.
            cursor = p
            guard p + 1 < end else { throw error("unterminated string starting here", at: p) }
            let e = base[p + 1]
            p += 2
            switch e {
            case UInt8(ascii: "\""): dst[n] = 0x22; n += 1
            case UInt8(ascii: "\\"): dst[n] = 0x5C; n += 1
            case UInt8(ascii: "/"): dst[n] = 0x2F; n += 1
            case UInt8(ascii: "b"): dst[n] = 0x08; n += 1
            case UInt8(ascii: "f"): dst[n] = 0x0C; n += 1
            case UInt8(ascii: "n"): dst[n] = 0x0A; n += 1
            case UInt8(ascii: "r"): dst[n] = 0x0D; n += 1
            case UInt8(ascii: "t"): dst[n] = 0x09; n += 1
            case UInt8(ascii: "u"):
                var scalar = try hex4(at: p, limit: end, escapeStart: cursor)
                p += 4
                if scalar >= 0xD800 && scalar <= 0xDBFF {
                    guard end - p >= 6, base[p] == UInt8(ascii: "\\"), base[p + 1] == UInt8(ascii: "u") else {
                        throw error("lone high surrogate \\u\(String(scalar, radix: 16, uppercase: true))"
                            + " is not a Unicode scalar", at: cursor)
                    }
                    let low = try hex4(at: p + 2, limit: end, escapeStart: cursor)
                    guard low >= 0xDC00 && low <= 0xDFFF else {
                        throw error("high surrogate not followed by a low surrogate", at: cursor)
                    }
                    p += 6
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if scalar >= 0xDC00 && scalar <= 0xDFFF {
                    throw error("lone low surrogate \\u\(String(scalar, radix: 16, uppercase: true))"
                        + " is not a Unicode scalar", at: cursor)
                }
                n += writeUTF8(scalar, to: dst + n)
            default:
                throw error("invalid escape '\\\(describeByte(at: p - 1))' in string", at: cursor)
            }
        }
        cursor = p
        return n
    }

    /// Reads four hex digits at `at` (which must lie before `limit`).
    func hex4(at: Int, limit: Int, escapeStart: Int) throws(JSONLinesError) -> UInt32 {
        guard limit - at >= 4 else { throw error("truncated \\u escape", at: escapeStart) }
        var v: UInt32 = 0
        for k in 0..<4 {
            let c = base[at + k]
            let d: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw error("invalid hex digit \(describeByte(at: at + k)) in \\u escape", at: at + k)
            }
            v = v << 4 | d
        }
        return v
    }

    /// Writes the UTF-8 of scalar `v` at `dst`; returns the number of bytes (1 to 4).
    func writeUTF8(_ v: UInt32, to dst: UnsafeMutablePointer<UInt8>) -> Int {
        switch v {
        case 0..<0x80:
            dst[0] = UInt8(v)
            return 1
        case 0x80..<0x800:
            dst[0] = UInt8(0xC0 | (v >> 6))
            dst[1] = UInt8(0x80 | (v & 0x3F))
            return 2
        case 0x800..<0x10000:
            dst[0] = UInt8(0xE0 | (v >> 12))
            dst[1] = UInt8(0x80 | ((v >> 6) & 0x3F))
            dst[2] = UInt8(0x80 | (v & 0x3F))
            return 3
        default:
            dst[0] = UInt8(0xF0 | (v >> 18))
            dst[1] = UInt8(0x80 | ((v >> 12) & 0x3F))
            dst[2] = UInt8(0x80 | ((v >> 6) & 0x3F))
            dst[3] = UInt8(0x80 | (v & 0x3F))
            return 4
        }
    }

    func makeString(_ raw: UnsafeBufferPointer<UInt8>, at start: Int) throws(JSONLinesError) -> String {
        // The standard library's decoder (specialised for byte buffers) validates as it copies, replacing bad
        // sequences with U+FFFD. A repair shows as a changed length or as an EF BF BD sequence in the result;
        // only then is the input checked again to find the offset (or to accept a U+FFFD that was really there).
        let s = String(decoding: raw, as: UTF8.self)
        if s.utf8.count != raw.count || UTF8Validation.containsReplacementCharacter(s) {
            if let bad = UTF8Validation.firstInvalidOffset(raw) {
                throw error("invalid UTF-8 in string", at: start + bad, code: .invalidUTF8)
            }
        }
        return s
    }

    // MARK: - Numbers

    mutating func parseNumber() throws(JSONLinesError) -> JSONValue {
        let start = pos
        var negative = false
        if base[pos] == UInt8(ascii: "-") {
            negative = true
            pos += 1
            if pos < end && base[pos] == UInt8(ascii: "I") {
                try expectLiteral("Infinity")
                return .double(-.infinity)
            }
        }
        guard pos < end, base[pos] >= UInt8(ascii: "0"), base[pos] <= UInt8(ascii: "9") else {
            throw error("expected a digit in number", at: pos)
        }
        var magnitude: UInt64 = 0
        var overflow = false
        if base[pos] == UInt8(ascii: "0") {
            pos += 1
            if pos < end, base[pos] >= UInt8(ascii: "0"), base[pos] <= UInt8(ascii: "9") {
                throw error("leading zeros are not allowed in numbers", at: start)
            }
        } else {
            while pos < end {
                let c = base[pos]
                guard c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") else { break }
                let (m1, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (m2, o2) = m1.addingReportingOverflow(UInt64(c - UInt8(ascii: "0")))
                if o1 || o2 { overflow = true }
                magnitude = m2
                pos += 1
            }
        }
        var isInteger = true
        if pos < end && base[pos] == UInt8(ascii: ".") {
            isInteger = false
            pos += 1
            let digitsStart = pos
            while pos < end, base[pos] >= UInt8(ascii: "0"), base[pos] <= UInt8(ascii: "9") { pos += 1 }
            if pos == digitsStart { throw error("expected a digit after the decimal point", at: pos) }
        }
        if pos < end && (base[pos] == UInt8(ascii: "e") || base[pos] == UInt8(ascii: "E")) {
            isInteger = false
            pos += 1
            if pos < end && (base[pos] == UInt8(ascii: "+") || base[pos] == UInt8(ascii: "-")) { pos += 1 }
            let digitsStart = pos
            while pos < end, base[pos] >= UInt8(ascii: "0"), base[pos] <= UInt8(ascii: "9") { pos += 1 }
            if pos == digitsStart { throw error("expected a digit in the exponent", at: pos) }
        }
        if isInteger && !overflow {
            if negative {
                if magnitude <= UInt64(Int64.max) { return .int(-Int64(magnitude)) }
                if magnitude == UInt64(Int64.max) + 1 { return .int(Int64.min) }
            } else if magnitude <= UInt64(Int64.max) {
                return .int(Int64(magnitude))
            }
        }
        return .double(parseDouble(from: start, to: pos))
    }

    /// Converts the already-validated number text in `[from, to)` with the C library's correctly rounded `strtod`.
    func parseDouble(from: Int, to: Int) -> Double {
        let length = to - from
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buffer in
            let raw = UnsafeMutableRawPointer(buffer.baseAddress!)
            raw.copyMemory(from: base + from, byteCount: length)
            buffer[length] = 0
            return strtod(buffer.baseAddress!, nil)
        }
    }
}
