#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension JSONParser {
    // MARK: - Strings

    /// Parses a string starting at the opening quote.
    mutating func parseString() throws(JSONLinesError) -> String {
        let open = pos
        pos += 1
        let start = pos
        // Fast path: no escapes. Scan to the closing quote.
        while pos < end {
            let b = base[pos]
            if b == UInt8(ascii: "\"") {
                let raw = UnsafeBufferPointer(start: base + start, count: pos - start)
                pos += 1
                return try makeString(raw, at: start)
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw error("unescaped control character 0x\(String(b, radix: 16)) in string") }
            pos += 1
        }
        guard pos < end else { throw error("unterminated string starting here", at: open) }
        // Slow path: copy into a scratch buffer, decoding escapes.
        var bytes = [UInt8](UnsafeBufferPointer(start: base + start, count: pos - start))
        bytes.reserveCapacity((pos - start) + 64)
        while pos < end {
            let b = base[pos]
            if b == UInt8(ascii: "\"") {
                pos += 1
                let validated: Result<String, JSONLinesError> = bytes.withUnsafeBufferPointer { raw in
                    do throws(JSONLinesError) {
                        return .success(try makeString(raw, at: start))
                    } catch { return .failure(error) }
                }
                return try validated.get()
            }
            if b < 0x20 { throw error("unescaped control character 0x\(String(b, radix: 16)) in string") }
            if b != UInt8(ascii: "\\") {
                bytes.append(b)
                pos += 1
                continue
            }
            pos += 1
            guard pos < end else { break }
            let e = base[pos]
            pos += 1
            switch e {
            case UInt8(ascii: "\""): bytes.append(0x22)
            case UInt8(ascii: "\\"): bytes.append(0x5C)
            case UInt8(ascii: "/"): bytes.append(0x2F)
            case UInt8(ascii: "b"): bytes.append(0x08)
            case UInt8(ascii: "f"): bytes.append(0x0C)
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "r"): bytes.append(0x0D)
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "u"):
                let escapeStart = pos - 2
                var scalar = try parseHex4()
                if scalar >= 0xD800 && scalar <= 0xDBFF {
                    guard end - pos >= 6, base[pos] == UInt8(ascii: "\\"), base[pos + 1] == UInt8(ascii: "u") else {
                        throw error("lone high surrogate \\u\(String(scalar, radix: 16, uppercase: true))"
                            + " is not a Unicode scalar", at: escapeStart)
                    }
                    pos += 2
                    let low = try parseHex4()
                    guard low >= 0xDC00 && low <= 0xDFFF else {
                        throw error("high surrogate not followed by a low surrogate", at: escapeStart)
                    }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if scalar >= 0xDC00 && scalar <= 0xDFFF {
                    throw error("lone low surrogate \\u\(String(scalar, radix: 16, uppercase: true))"
                        + " is not a Unicode scalar", at: escapeStart)
                }
                appendUTF8(scalar, to: &bytes)
            default:
                throw error("invalid escape '\\\(describeByte(at: pos - 1))' in string", at: pos - 2)
            }
        }
        throw error("unterminated string starting here", at: open)
    }

    func makeString(_ raw: UnsafeBufferPointer<UInt8>, at start: Int) throws(JSONLinesError) -> String {
        if let s = String(validating: raw, as: UTF8.self) { return s }
        let bad = UTF8Validation.firstInvalidOffset(raw) ?? 0
        throw error("invalid UTF-8 in string", at: start + bad, code: .invalidUTF8)
    }

    mutating func parseHex4() throws(JSONLinesError) -> UInt32 {
        guard end - pos >= 4 else { throw error("truncated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = base[pos]
            let d: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw error("invalid hex digit \(describeByte(at: pos)) in \\u escape")
            }
            v = v << 4 | d
            pos += 1
        }
        return v
    }

    func appendUTF8(_ v: UInt32, to bytes: inout [UInt8]) {
        switch v {
        case 0..<0x80:
            bytes.append(UInt8(v))
        case 0x80..<0x800:
            bytes.append(UInt8(0xC0 | (v >> 6)))
            bytes.append(UInt8(0x80 | (v & 0x3F)))
        case 0x800..<0x10000:
            bytes.append(UInt8(0xE0 | (v >> 12)))
            bytes.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (v & 0x3F)))
        default:
            bytes.append(UInt8(0xF0 | (v >> 18)))
            bytes.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            bytes.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (v & 0x3F)))
        }
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
