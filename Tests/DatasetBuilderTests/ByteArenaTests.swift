import Testing
@testable import DatasetBuilder

@Suite struct ByteArenaTests {
    /// Every copy path (bytes one at a time, two overlapping 4- or 8-byte words, a block copy) at every length up to
    /// past the word paths, at odd offsets, across growth from a small capacity.
    @Test func appendsExactlyTheBytes() {
        let source = (0..<200).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        var arena = ByteArena(capacity: 16)
        var expected: [UInt8] = []
        source.withUnsafeBufferPointer { src in
            for n in 0...40 {
                for offset in [0, 1, 3, 7] {
                    arena.put(src.baseAddress! + offset, n)
                    expected += source[offset..<(offset + n)]
                }
            }
        }
        #expect(Array(arena.bytes(0..<arena.count)) == expected)
    }

    /// Decimal digits exactly as `String(value)` writes them, at the ends of the range and around powers of ten.
    @Test(arguments: [0, 7, 9, 10, 99, 100, 1931, 2004, -1, -42, -1000, Int.max, Int.min, Int.max - 1, Int.min + 1])
    func decimalsAreStringsDigits(value: Int) {
        var arena = ByteArena(capacity: 4)
        arena.put("x" as StaticString)
        arena.putDecimal(value)
        #expect(Array(arena.bytes(0..<arena.count)) == Array(("x" + String(value)).utf8))
    }
}
