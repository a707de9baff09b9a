/// Extracts tool calls from raw model output in Qwen-Agent's `✿FUNCTION✿:` / `✿ARGS✿:` text format, exactly as
/// Mem-α's agent does (its regular expression, applied left to right, then its trailing-comment cleanup), by hand.
public enum FunctionCallParser {
    /// One call as written by the model: the name and the raw argument text (before any JSON repair).
    public struct RawCall: Sendable, Equatable {
        /// The tool name, stripped.
        public var name: String
        /// The argument text, stripped and cut after its last `}` (or closing code fence).
        public var arguments: String
    }

    static let function = Array("✿FUNCTION✿:".unicodeScalars)
    static let args = Array("✿ARGS✿:".unicodeScalars)
    static let stops = [Array("✿RESULT✿".unicodeScalars), Array("✿RETURN✿".unicodeScalars),
                        Array("✿FUNCTION✿".unicodeScalars)]
    static let flower: Unicode.Scalar = "\u{273F}"

    /// The calls in `text`, in order, and the text before the first `✿FUNCTION✿` (stripped).
    /// - Complexity: O(n) for well-formed output; O(n × line length) in the worst case.
    public static func parse(_ text: String) -> (calls: [RawCall], preamble: String) {
        let s = Array(text.unicodeScalars)
        var calls: [RawCall] = []
        var pos = 0
        while let m = find(function, in: s, from: pos) {
            if let (call, end) = match(s, at: m) {
                calls.append(call)
                pos = max(end, m + 1)
            } else {
                pos = m + 1
            }
        }
        let first = find(Array("✿FUNCTION✿".unicodeScalars), in: s, from: 0) ?? s.count
        return (calls, strip(s[0..<first]))
    }

    static func find(_ needle: [Unicode.Scalar], in s: [Unicode.Scalar], from: Int) -> Int? {
        guard needle.count <= s.count, from <= s.count - needle.count else { return nil }
        var i = from
        while i <= s.count - needle.count {
            if s[i] == needle[0] && Array(s[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }

    static func starts(_ s: [Unicode.Scalar], _ at: Int, _ needle: [Unicode.Scalar]) -> Bool {
        at + needle.count <= s.count && Array(s[at..<(at + needle.count)]) == needle
    }

    /// Python's `\s` (Unicode whitespace in `re` for str patterns).
    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    static func skipSpace(_ s: [Unicode.Scalar], _ i: Int) -> Int {
        var j = i
        while j < s.count && isSpace(s[j]) { j += 1 }
        return j
    }

    /// `✿FUNCTION✿:\s*([^\n]+)\s*✿ARGS✿:\s*([^✿]+?)(?=✿RESULT✿|✿RETURN✿|✿FUNCTION✿|$)` at `m`.
    static func match(_ s: [Unicode.Scalar], at m: Int) -> (RawCall, Int)? {
        let a = skipSpace(s, m + function.count)
        guard a < s.count, s[a] != "\n" else { return nil }
        var lineEnd = a
        while lineEnd < s.count && s[lineEnd] != "\n" { lineEnd += 1 }
        // The name is the longest run ending before `\s*✿ARGS✿:` (greedy, then backtracking).
        var b = lineEnd
        var argsAt: Int?
        while b > a {
            let c = skipSpace(s, b)
            if starts(s, c, args) {
                argsAt = c
                break
            }
            b -= 1
        }
        guard let c = argsAt else { return nil }
        let d = c + args.count
        let e = skipSpace(s, d)
        // The arguments: the shortest non-empty run without ✿ that a stop marker or the end follows.
        func stopsAt(_ f: Int) -> Bool {
            if f == s.count || (f == s.count - 1 && s[f] == "\n") { return true }
            return stops.contains { starts(s, f, $0) }
        }
        var start = e
        while true {
            var f = start
            while f < s.count && s[f] != flower {
                f += 1
                if stopsAt(f) {
                    let name = strip(s[a..<b])
                    let arguments = trimTrailing(strip(s[start..<f]))
                    return (RawCall(name: name, arguments: arguments), f)
                }
            }
            // Let the whitespace before the arguments be part of them (Python backtracks `\s*`).
            guard start > d else { return nil }
            start -= 1
        }
    }

    /// Python's `str.strip()` over scalars.
    static func strip(_ s: ArraySlice<Unicode.Scalar>) -> String {
        var lo = s.startIndex
        var hi = s.endIndex
        while lo < hi && isSpace(s[lo]) { lo += 1 }
        while hi > lo && isSpace(s[hi - 1]) { hi -= 1 }
        return String(String.UnicodeScalarView(s[lo..<hi]))
    }

    /// Mem-α's cleanup: after a leading `{`, cut after the last `}`; after a leading code fence, cut after the
    /// last "\n```".
    static func trimTrailing(_ text: String) -> String {
        var t = Array(text.unicodeScalars)
        if t.first == "{", let k = t.lastIndex(of: "}"), k > 0 { t = Array(t[...k]) }
        let fence = Array("```".unicodeScalars)
        if t.count >= 3 && Array(t[0..<3]) == fence {
            let close = Array("\n```".unicodeScalars)
            var k = t.count - close.count
            while k > 0 && Array(t[k..<(k + close.count)]) != close { k -= 1 }
            if k > 0 { t = Array(t[..<(k + 4)]) }
        }
        return String(String.UnicodeScalarView(t))
    }
}
