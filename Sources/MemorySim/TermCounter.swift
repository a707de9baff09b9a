/// Turns the term ids of one text into its distinct terms with their frequencies, in order of first occurrence,
/// without sorting or hashing: each term id keeps the stamp of the last text that had it and where it sits in
/// that text's output.
///
/// The output entries are `term << 32 | frequency`, the form ``BM25Index`` stores per document.
package struct TermCounter: Sendable {
    /// Per term id: `stamp << 32 | position`.
    var marks: [UInt64] = []
    var stamp: UInt32 = 0

    package init() {}

    /// Writes the distinct terms of `terms` with their frequencies to `out` (room for `terms.count`) and returns
    /// how many there are.
    /// - Complexity: O(n) for n terms, plus growth to the largest term id.
    package mutating func distinct(_ terms: UnsafeBufferPointer<Int32>, into out: UnsafeMutablePointer<UInt64>) -> Int {
        var largest: Int32 = -1
        for t in terms where t > largest { largest = t }
        if marks.count <= Int(largest) {
            marks.append(contentsOf: repeatElement(0, count: max(Int(largest) + 1, 2 * marks.count) - marks.count))
        }
        stamp &+= 1
        if stamp == 0 {
            // After 2^32 texts the stamps wrap: forget every mark once.
            for t in marks.indices { marks[t] = 0 }
            stamp = 1
        }
        let tag = UInt64(stamp) << 32
        var count = 0
        marks.withUnsafeMutableBufferPointer { marks in
            for term in terms {
                let t = Int(term)
                let mark = marks[t]
                if mark & 0xFFFF_FFFF_0000_0000 == tag {
                    out[Int(truncatingIfNeeded: mark & 0xFFFF_FFFF)] += 1
                } else {
                    marks[t] = tag | UInt64(count)
                    out[count] = UInt64(UInt32(term)) << 32 | 1
                    count += 1
                }
            }
        }
        return count
    }

    /// The distinct terms of `terms` with their frequencies, in order of first occurrence.
    package mutating func distinct(_ terms: [Int32]) -> [UInt64] {
        var out = [UInt64](repeating: 0, count: terms.count)
        let count = terms.withUnsafeBufferPointer { t in
            out.withUnsafeMutableBufferPointer { distinct(t, into: $0.baseAddress!) }
        }
        out.removeLast(out.count - count)
        return out
    }
}
