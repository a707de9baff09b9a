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
}
