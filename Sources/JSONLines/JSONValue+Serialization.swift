extension JSONValue {
    /// Appends the compact JSON text of this value to `out`.
    ///
    /// The output is deterministic: object keys are sorted by their UTF-8 bytes (the same order as Python's
    /// `sort_keys=True`), `/` is not escaped, non-ASCII text is written as raw UTF-8, and control characters
    /// are escaped. Doubles print in the shortest form that round-trips; a non-finite double prints as `null`,
    /// since JSON has no spelling for it.
    /// - Complexity: O(n log k) in the output size n, for objects of k keys.
    public func serialize(into out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): JSONValue.appendInteger(i, to: &out)
        case .double(let d): JSONValue.appendDouble(d, to: &out)
        case .string(let s): JSONValue.appendString(s, to: &out)
        case .array(let a):
            out.append(UInt8(ascii: "["))
            var first = true
            for element in a {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                element.serialize(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let o):
            out.append(UInt8(ascii: "{"))
            // The members sorted as pairs: sorting the keys and looking each one up again hashed every key.
            var first = true
            for (key, value) in o.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                JSONValue.appendString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                value.serialize(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// The compact JSON text of this value as bytes (see ``serialize(into:)``).
    public var jsonBytes: [UInt8] {
        var out: [UInt8] = []
        serialize(into: &out)
        return out
    }

    /// The compact JSON text of this value (see ``serialize(into:)``).
    public var jsonString: String {
        String(decoding: jsonBytes, as: UTF8.self)
    }

    /// Appends a decimal integer.
    package static func appendInteger(_ value: Int64, to out: inout [UInt8]) {
        if value == 0 {
            out.append(UInt8(ascii: "0"))
            return
        }
        var magnitude = value.magnitude
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes of scratch, enough for 20 digits
        let count = withUnsafeMutableBytes(of: &digits) { scratch -> Int in
            var n = 0
            while magnitude > 0 {
                scratch[23 - n] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                n += 1
            }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[(24 - n)...]))
            return n
        }
        _ = count
    }

    /// Appends a double in the shortest form that round-trips, or `null` if it is not finite.
    package static func appendDouble(_ value: Double, to out: inout [UInt8]) {
        guard value.isFinite else {
            out.append(contentsOf: "null".utf8)
            return
        }
        // Swift's description is the shortest round-tripping form ("0.1", "1e-07", "1e+16"), all valid JSON.
        out.append(contentsOf: value.description.utf8)
    }

    /// Whether any of the eight bytes of `w` is below 0x20, `"` or `\` (exact as a whole-word test: the borrow
    /// tricks below may flag a byte wrongly only when another byte of the word is flagged rightly).
    @inline(__always)
    static func needsEscape(_ w: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let below = (w &- 0x20 &* ones) & ~w & high
        let quote = w ^ (0x22 &* ones)
        let backslash = w ^ (0x5C &* ones)
        let zeros = ((quote &- ones) & ~quote | (backslash &- ones) & ~backslash) & high
        return below | zeros != 0
    }

    /// Appends a JSON string literal: quotes, escapes for `"`, `\` and control characters, raw UTF-8 otherwise.
    /// - Complexity: O(n) in the UTF-8 length of `string`.
    package static func appendString(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // A native string lends its UTF-8 in place; copying it into a `var` for `withUTF8` retained and released it
        // (atomically) for every string written. A bridged or non-contiguous one is made contiguous first.
        if string.utf8.withContiguousStorageIfAvailable({ appendEscaped($0, to: &out) }) == nil {
            var s = string
            s.withUTF8 { appendEscaped($0, to: &out) }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// The bytes of a string's UTF-8, escaped for JSON, appended to `out` (no quotes).
    @inline(__always)
    static func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var runStart = 0
        var i = 0
        let n = utf8.count
        let raw = UnsafeRawPointer(utf8.baseAddress)
        while i < n {
            // Eight bytes at a time while none needs an escape (a control byte, `"` or `\`): prose is long runs.
            if i + 8 <= n, let raw {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if !JSONValue.needsEscape(w) {
                    i += 8
                    continue
                }
            }
            let b = utf8[i]
            if b >= 0x20 && b != 0x22 && b != 0x5C {
                i += 1
                continue
            }
            if i > runStart { out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i])) }
            switch b {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            default:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                        hex[Int(b >> 4)], hex[Int(b & 0xF)]])
            }
            i += 1
            runStart = i
        }
        if n > runStart { out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<n])) }
    }
}
