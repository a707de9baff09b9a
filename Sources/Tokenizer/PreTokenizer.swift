/// Splits text into the pieces that byte-pair encoding works on, exactly as the regular expressions of tiktoken's
/// encodings do, but by hand over UTF-8 bytes (no regex engine).
enum PreTokenizer: Sendable {
    /// `o200k_base`: case-aware letter runs with contraction suffixes, 1–3 digit numbers, punctuation runs.
    case o200k
    /// `cl100k_base`: contractions first, letter runs, 1–3 digit numbers, punctuation runs.
    case cl100k

    /// The byte offset where the piece starting at `i` ends.
    @inline(__always) func pieceEnd(_ t: ClassifiedText, _ i: Int) -> Int {
        switch self {
        case .o200k: return PreTokenizer.o200kPieceEnd(t, i)
        case .cl100k: return PreTokenizer.cl100kPieceEnd(t, i)
        }
    }

    // Flag shorthands.
    static let L = ScalarClass.letter
    static let N = ScalarClass.number
    static let UP = ScalarClass.upper
    static let LO = ScalarClass.lower
    static let WS = ScalarClass.space
    static let NL = ScalarClass.newline

    /// o200k's `UP* LO+` from `j`, or nil.
    @inline(__always) static func o200kUpperThenLower(_ t: ClassifiedText, _ j: Int) -> Int? {
        // Take the longest UP run, remembering where the last scalar that is also LO ended.
        var r = j
        var lastLowerEnd = -1
        while r < t.count {
            let (c, l) = t.classAt(r)
            if c & UP == 0 { break }
            if c & LO != 0 { lastLowerEnd = r + l }
            r += l
        }
        if r < t.count {
            let (c, _) = t.classAt(r)
            if c & LO != 0 { return t.run(from: r, LO) }
        }
        // Give back: LO+ must end where the last LO scalar of the UP run ends.
        return lastLowerEnd >= 0 ? lastLowerEnd : nil
    }

    /// o200k's `UP+ LO*` from `j`, or nil.
    @inline(__always) static func o200kUpperRun(_ t: ClassifiedText, _ j: Int) -> Int? {
        let r = t.run(from: j, UP)
        return r > j ? t.run(from: r, LO) : nil
    }

    /// The end of an o200k piece that is an ASCII word, optionally after one space, or nil when the general
    /// rules must decide (non-ASCII next to the word, or not a word). Same result as the general path: ASCII
    /// uppercase is UP only and ASCII lowercase LO only, so branch 1 is `[A-Z]*[a-z]+` and branch 2 `[A-Z]+`.
    @inline(__always) static func o200kASCIIWord(_ t: ClassifiedText, _ i: Int) -> Int? {
        let base = t.base
        let n = t.count
        var j = i
        if base[i] == 0x20 { j = i + 1 }
        guard j < n else { return nil }
        @inline(__always) func upper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }
        @inline(__always) func lower(_ b: UInt8) -> Bool { b >= 0x61 && b <= 0x7A }
        guard upper(base[j]) || lower(base[j]) else { return nil }
        var k = j
        while k < n && upper(base[k]) { k += 1 }
        if k < n && lower(base[k]) {
            while k < n && lower(base[k]) { k += 1 }
        }
        if k < n && base[k] >= 0x80 { return nil }
        return k + t.contractionLength(at: k)
    }

    static func o200kPieceEnd(_ t: ClassifiedText, _ i: Int) -> Int {
        if t.base[i] < 0x80, let e = o200kASCIIWord(t, i) { return e }
        let (c, length) = t.classAt(i)
        let hasPrefix = c & (NL | L | N) == 0 && i + length < t.count
        // Branches 1 and 2, each tried with the optional one-scalar prefix first, then without it.
        if hasPrefix, let e = o200kUpperThenLower(t, i + length) { return e + t.contractionLength(at: e) }
        if let e = o200kUpperThenLower(t, i) { return e + t.contractionLength(at: e) }
        if hasPrefix, let e = o200kUpperRun(t, i + length) { return e + t.contractionLength(at: e) }
        if let e = o200kUpperRun(t, i) { return e + t.contractionLength(at: e) }
        // Branch 3: one to three numbers.
        if c & N != 0 { return digits(t, i) }
        // Branch 4: ` ?[^\s\p{L}\p{N}]+[\r\n/]*`.
        if let e = punctuation(t, i, c, length, trailing: NL, slash: true) { return e }
        return whitespace(t, i)
    }

    static func cl100kPieceEnd(_ t: ClassifiedText, _ i: Int) -> Int {
        // 1: `'(?i:[sdmt]|ll|ve|re)`.
        let contraction = t.contractionLength(at: i)
        if contraction > 0 { return i + contraction }
        let (c, length) = t.classAt(i)
        // 2: `[^\r\n\p{L}\p{N}]?+\p{L}++` (possessive: a taken prefix is never given back).
        if c & (NL | L | N) == 0 {
            let j = i + length
            if j < t.count {
                let (c2, _) = t.classAt(j)
                if c2 & L != 0 { return t.run(from: j, L) }
            }
        } else if c & L != 0 {
            return t.run(from: i, L)
        }
        // 3: `\p{N}{1,3}+`.
        if c & N != 0 { return digits(t, i) }
        // 4: ` ?[^\s\p{L}\p{N}]++[\r\n]*+`.
        if let e = punctuation(t, i, c, length, trailing: NL, slash: false) { return e }
        // 5: `\s++$`.
        let w = t.run(from: i, WS)
        if w == t.count { return w }
        // 6–8: `\s*[\r\n]`, `\s+(?!\S)`, `\s`.
        return whitespaceTail(t, i, w)
    }

    @inline(__always) static func digits(_ t: ClassifiedText, _ i: Int) -> Int {
        var e = i
        var k = 0
        while k < 3 && e < t.count {
            let (c, l) = t.classAt(e)
            if c & N == 0 { break }
            e += l
            k += 1
        }
        return e
    }

    /// ` ?Q+` followed by a run of `\r`/`\n` (and `/` for o200k), where Q is neither space, letter nor number.
    @inline(__always) static func punctuation(_ t: ClassifiedText, _ i: Int, _ c: UInt8, _ length: Int,
                                              trailing: UInt8, slash: Bool) -> Int? {
        var s = i
        if t.base[i] == 0x20 && i + 1 < t.count {
            let (c2, _) = t.classAt(i + 1)
            if c2 & (WS | L | N) == 0 { s = i + 1 }
        }
        if s == i && c & (WS | L | N) != 0 { return nil }
        var e = t.runNot(from: s, WS | L | N)
        while e < t.count {
            let b = t.base[e]
            if b == 0x0D || b == 0x0A || (slash && b == UInt8(ascii: "/")) { e += 1 } else { break }
        }
        return e
    }

    /// o200k's whitespace branches: `\s*[\r\n]+`, `\s+(?!\S)`, `\s+`.
    @inline(__always) static func whitespace(_ t: ClassifiedText, _ i: Int) -> Int {
        let w = t.run(from: i, WS)
        if w == t.count {
            // A run reaching the end: `\s*[\r\n]+` still wins if the run holds a newline.
            return lastNewlineEnd(t, i, w) ?? w
        }
        return whitespaceTail(t, i, w)
    }

    /// For a whitespace run `[i, w)` that does not reach the end: up to its last newline if it has one, else
    /// all but its last scalar if it has two or more, else its one scalar.
    @inline(__always) static func whitespaceTail(_ t: ClassifiedText, _ i: Int, _ w: Int) -> Int {
        if let e = lastNewlineEnd(t, i, w) { return e }
        var last = i
        var j = i
        while j < w {
            last = j
            j += t.classAt(j).1
        }
        if last > i { return last }
        return w == i ? i + t.classAt(i).1 : w
    }

    @inline(__always) static func lastNewlineEnd(_ t: ClassifiedText, _ i: Int, _ w: Int) -> Int? {
        var e = -1
        var j = i
        while j < w {
            let b = t.base[j]
            if b == 0x0A || b == 0x0D { e = j + 1 }
            j += t.classAt(j).1
        }
        return e >= 0 ? e : nil
    }
}
