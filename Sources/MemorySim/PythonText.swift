@_spi(Hot) import Tokenizer

/// Text functions that behave as CPython's do, where Mem-α relies on them: `str.lower()`, the `\w` class of `re`,
/// `str.split()` whitespace, and `repr()` of strings, floats and the dicts/lists/tuples that tool results print.
package enum PythonText {
    // MARK: - Lowercasing and word tokens

    /// Python's `str.lower()`: full Unicode lowercase mapping, with the Final_Sigma rule for U+03A3.
    package static func lowercased(_ text: String) -> String {
        var ascii = true
        for b in text.utf8 where b >= 0x80 {
            ascii = false
            break
        }
        if ascii { return text.lowercased() }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        for (i, s) in scalars.enumerated() {
            if s.value == 0x3A3 {
                out.append(isFinalSigma(scalars, i) ? "\u{3C2}" : "\u{3C3}")
            } else if s.value < 0x80 {
                out.append(s.value >= 0x41 && s.value <= 0x5A ? Unicode.Scalar(s.value + 32)! : s)
            } else {
                out.append(contentsOf: s.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return String(out)
    }

    /// Unicode's Final_Sigma condition: preceded by a cased letter and not followed by one (case-ignorable
    /// scalars skipped on both sides).
    static func isFinalSigma(_ s: [Unicode.Scalar], _ i: Int) -> Bool {
        var j = i - 1
        while j >= 0 && s[j].properties.isCaseIgnorable { j -= 1 }
        guard j >= 0, s[j].properties.isCased else { return false }
        var k = i + 1
        while k < s.count && s[k].properties.isCaseIgnorable { k += 1 }
        return !(k < s.count && s[k].properties.isCased)
    }

    /// Whether `s` matches Python's `\w` for `str` patterns: letters, numbers (any script) and `_`.
    /// Combining marks do not match.
    @inline(__always) package static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 {
            return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || v == 0x5F
        }
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    /// Mem-α's search tokens: `re.findall(r'\b\w+\b', text.lower())`, i.e. the runs of `\w` in the lowercased text.
    /// - Complexity: O(n).
    package static func wordTokens(_ text: String) -> [String] {
        let lower = lowercased(text)
        var tokens: [String] = []
        var current = String.UnicodeScalarView()
        for s in lower.unicodeScalars {
            if isWordScalar(s) {
                current.append(s)
            } else if !current.isEmpty {
                tokens.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { tokens.append(String(current)) }
        return tokens
    }

    /// Whether Mem-α's tokenizer finds at least one token in `text`.
    package static func hasWordCharacter(_ text: String) -> Bool {
        for b in text.utf8 where b < 0x80 && asciiWord(b) { return true }
        for b in text.utf8 where b >= 0x80 { return !wordTokens(text).isEmpty }
        return false
    }

    @inline(__always) static func asciiWord(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x5F
    }

    // MARK: - Whitespace split

    /// Whether CPython's `str.isspace()` holds for `s` (used by `str.split()` without arguments); unlike Unicode
    /// White_Space it includes U+001C…U+001F.
    @inline(__always) package static func isSpace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// Python's `str.split()`: the non-empty runs between whitespace.
    package static func splitWhitespace(_ text: String) -> [Substring] {
        var words: [Substring] = []
        var start: String.Index?
        var i = text.unicodeScalars.startIndex
        let scalars = text.unicodeScalars
        while i < scalars.endIndex {
            if isSpace(scalars[i]) {
                if let s = start {
                    words.append(text[s..<i])
                    start = nil
                }
            } else if start == nil {
                start = i
            }
            i = scalars.index(after: i)
        }
        if let s = start { words.append(text[s..<scalars.endIndex]) }
        return words
    }

    // MARK: - repr

    /// Python's `repr()` of a `str`: single quotes unless the text holds `'` and no `"`; `\\`, `\n`, `\r`, `\t`
    /// and the quote escaped; other non-printable scalars as `\xNN`, `\uNNNN` or `\UNNNNNNNN`.
    package static func repr(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 2)
        appendRepr(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends Python's `repr()` of `text` to `out` as UTF-8.
    /// - Complexity: O(n); printable ASCII is copied byte by byte without decoding.
    package static func appendRepr(_ text: String, to out: inout [UInt8]) {
        TextBytes.with(text) { base, count in
            let utf8 = UnsafeBufferPointer(start: base, count: count)
            var hasSingle = false
            var hasDouble = false
            for b in utf8 {
                if b == 0x27 { hasSingle = true } else if b == 0x22 { hasDouble = true }
            }
            let quote: UInt8 = hasSingle && !hasDouble ? 0x22 : 0x27
            out.append(quote)
            var i = 0
            let n = utf8.count
            while i < n {
                let b = utf8[i]
                if b >= 0x20 && b < 0x7F {
                    if b == quote || b == 0x5C {
                        out.append(0x5C)
                        out.append(b)
                        i += 1
                        continue
                    }
                    // Copy the run of printable ASCII that needs no escape in one step.
                    var j = i + 1
                    while j < n {
                        let c = utf8[j]
                        if c < 0x20 || c >= 0x7F || c == quote || c == 0x5C { break }
                        j += 1
                    }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[i..<j]))
                    i = j
                    continue
                }
                switch b {
                case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")]); i += 1
                case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")]); i += 1
                case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")]); i += 1
                default:
                    // Decode one scalar (the string is valid UTF-8).
                    let length = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
                    var value = UInt32(length == 1 ? b : length == 2 ? b & 0x1F : length == 3 ? b & 0x0F : b & 0x07)
                    for j in 1..<max(length, 1) where i + j < n { value = value << 6 | UInt32(utf8[i + j] & 0x3F) }
                    let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
                    if b >= 0x80 && isPrintable(scalar) {
                        out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[i..<min(i + length, n)]))
                    } else {
                        out.append(contentsOf: hexEscape(scalar.value).utf8)
                    }
                    i += length
                }
            }
            out.append(quote)
        }
    }

    static func hexEscape(_ v: UInt32) -> String {
        let digits = String(v, radix: 16)
        if v < 0x100 { return "\\x" + String(repeating: "0", count: 2 - digits.count) + digits }
        if v < 0x10000 { return "\\u" + String(repeating: "0", count: 4 - digits.count) + digits }
        return "\\U" + String(repeating: "0", count: 8 - digits.count) + digits
    }

    /// CPython's `str.isprintable()` for one scalar: false for Cc, Cf, Cs, Co, Cn, Zl, Zp and Zs other than space.
    static func isPrintable(_ s: Unicode.Scalar) -> Bool {
        if s.value >= 0x20 && s.value < 0x7F { return true }
        switch s.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator,
             .spaceSeparator:
            return false
        default:
            return true
        }
    }

    /// Python's `repr()` of a `float`: the shortest round-tripping form, with `inf`, `-inf` and `nan`.
    package static func repr(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return value.description
    }
}
