/// Per-scalar character classes used by the pre-tokenizers, as bit flags.
///
/// The flags follow the regular expressions of tiktoken's encodings: `\p{L}`, `\p{N}`, `\p{M}`, the two
/// case groups of o200k (`UP` = Lu Lt Lm Lo M, `LO` = Ll Lm Lo M), `\s` (the White_Space property) and the
/// literal `\r` `\n`.
package enum ScalarClass {
    static let letter: UInt8 = 1
    static let number: UInt8 = 2
    static let upper: UInt8 = 4      // Lu Lt Lm Lo M
    static let lower: UInt8 = 8      // Ll Lm Lo M
    static let space: UInt8 = 16     // White_Space
    static let newline: UInt8 = 32   // \r or \n
    static let mark: UInt8 = 64

    /// The flags of one scalar value, from the standard library's Unicode tables.
    package static func compute(_ value: UInt32) -> UInt8 {
        guard let scalar = Unicode.Scalar(value) else { return 0 }
        let properties = scalar.properties
        var flags: UInt8
        switch properties.generalCategory {
        case .uppercaseLetter, .titlecaseLetter: flags = letter | upper
        case .lowercaseLetter: flags = letter | lower
        case .modifierLetter, .otherLetter: flags = letter | upper | lower
        case .nonspacingMark, .spacingMark, .enclosingMark: flags = mark | upper | lower
        case .decimalNumber, .letterNumber, .otherNumber: flags = number
        default: flags = 0
        }
        if properties.isWhitespace { flags |= space }
        if value == 0x0A || value == 0x0D { flags |= newline }
        return flags
    }

    /// The scalars covered by the precomputed table: planes 0 to 3 (BMP, SMP with emoji, SIP and TIP ideographs).
    static let tableLimit = 0x40000

    /// Flags for every scalar below ``tableLimit``, computed once.
    static let shared: ClassTable = ClassTable()

    /// The table below ``tableLimit`` as runs of equal flags, each `start << 8 | flags`, computed from
    /// ``compute(_:)``. `ScalarClassRuns.swift` holds them precomputed (`scripts/gen_scalar_class_runs.sh`), since
    /// asking the standard library for 262,144 scalars' properties took about 190 M instructions (some 60 ms) at
    /// every start of every tool; a test checks that the two agree.
    package static func computeRuns() -> [UInt32] {
        var runs: [UInt32] = []
        var previous = -1
        for v in 0..<UInt32(tableLimit) {
            let flags = compute(v)
            if Int(flags) != previous {
                runs.append(v << 8 | UInt32(flags))
                previous = Int(flags)
            }
        }
        return runs
    }

    /// Owns the 256 KiB table; immutable after creation.
    final class ClassTable: @unchecked Sendable {
        let table: UnsafeMutablePointer<UInt8>
        init() {
            table = .allocate(capacity: ScalarClass.tableLimit)
            let runs = ScalarClass.runs
            for (k, run) in runs.enumerated() {
                let start = Int(run >> 8)
                let end = k + 1 < runs.count ? Int(runs[k + 1] >> 8) : ScalarClass.tableLimit
                (table + start).initialize(repeating: UInt8(truncatingIfNeeded: run), count: end - start)
            }
        }
        deinit { table.deallocate() }
    }
}

/// A cursor over valid UTF-8 that yields each scalar's class and byte length.
struct ClassifiedText {
    let base: UnsafePointer<UInt8>
    let count: Int
    let table: UnsafeMutablePointer<UInt8>

    /// The class flags and UTF-8 length of the scalar starting at byte `i` (which must be a scalar start).
    @inline(__always) func classAt(_ i: Int) -> (UInt8, Int) {
        let b0 = base[i]
        if b0 < 0x80 { return (table[Int(b0)], 1) }
        if b0 < 0xE0 {
            let v = Int(b0 & 0x1F) << 6 | Int(base[i + 1] & 0x3F)
            return (table[v], 2)
        }
        if b0 < 0xF0 {
            let v = Int(b0 & 0x0F) << 12 | Int(base[i + 1] & 0x3F) << 6 | Int(base[i + 2] & 0x3F)
            return (table[v], 3)
        }
        let v = Int(b0 & 0x07) << 18 | Int(base[i + 1] & 0x3F) << 12 | Int(base[i + 2] & 0x3F) << 6
            | Int(base[i + 3] & 0x3F)
        return (v < ScalarClass.tableLimit ? table[v] : ScalarClass.compute(UInt32(v)), 4)
    }

    /// The byte offset after the run of scalars from `i` whose flags intersect `set`.
    @inline(__always) func run(from i: Int, _ set: UInt8) -> Int {
        var j = i
        while j < count {
            let (c, l) = classAt(j)
            if c & set == 0 { return j }
            j += l
        }
        return count
    }

    /// The byte offset after the run of scalars from `i` whose flags do NOT intersect `set`.
    @inline(__always) func runNot(from i: Int, _ set: UInt8) -> Int {
        var j = i
        while j < count {
            let (c, l) = classAt(j)
            if c & set != 0 { return j }
            j += l
        }
        return count
    }

    /// The scalar value at byte `i`, for the few literal checks (apostrophes, case folding).
    @inline(__always) func scalarAt(_ i: Int) -> (UInt32, Int) {
        let b0 = base[i]
        if b0 < 0x80 { return (UInt32(b0), 1) }
        if b0 < 0xE0 { return (UInt32(b0 & 0x1F) << 6 | UInt32(base[i + 1] & 0x3F), 2) }
        if b0 < 0xF0 {
            return (UInt32(b0 & 0x0F) << 12 | UInt32(base[i + 1] & 0x3F) << 6 | UInt32(base[i + 2] & 0x3F), 3)
        }
        return (UInt32(b0 & 0x07) << 18 | UInt32(base[i + 1] & 0x3F) << 12 | UInt32(base[i + 2] & 0x3F) << 6
            | UInt32(base[i + 3] & 0x3F), 4)
    }

    /// The lowercase ASCII letter that `scalar` case-folds to under simple case folding, for the contraction
    /// letters (s, t, r, e, v, m, l, d); U+017F LATIN SMALL LETTER LONG S folds to `s`.
    @inline(__always) static func foldedContractionLetter(_ scalar: UInt32) -> UInt8 {
        if scalar == 0x17F { return UInt8(ascii: "s") }
        guard scalar < 0x80 else { return 0 }
        let b = UInt8(scalar)
        if b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") { return b + 32 }
        return b
    }

    /// The length in bytes of a contraction (`'s 't 're 've 'm 'll 'd`, any case) starting at `i`, or 0.
    @inline(__always) func contractionLength(at i: Int) -> Int {
        guard i < count, base[i] == UInt8(ascii: "'"), i + 1 < count else { return 0 }
        let (s1, l1) = scalarAt(i + 1)
        let f1 = ClassifiedText.foldedContractionLetter(s1)
        switch f1 {
        case UInt8(ascii: "s"), UInt8(ascii: "t"), UInt8(ascii: "m"), UInt8(ascii: "d"):
            return 1 + l1
        case UInt8(ascii: "r"), UInt8(ascii: "v"), UInt8(ascii: "l"):
            let j = i + 1 + l1
            guard j < count else { return 0 }
            let (s2, l2) = scalarAt(j)
            let f2 = ClassifiedText.foldedContractionLetter(s2)
            let want = f1 == UInt8(ascii: "l") ? UInt8(ascii: "l") : UInt8(ascii: "e")
            return f2 == want ? 1 + l1 + l2 : 0
        default:
            return 0
        }
    }
}
