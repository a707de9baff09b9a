import Testing
@_spi(Hot) import Tokenizer

/// RawStorage: room claimed without initialisation, growth past the size where buffers become mapped pages
/// (and are remapped when they grow), and copy-on-write.
@Suite struct RawStorageTests {
    /// Elements written as room is claimed survive every growth, from a small malloc'ed buffer to mapped pages
    /// several times remapped.
    @Test(arguments: [1, 7, 4096]) func growthKeepsElements(step: Int) {
        var storage = RawStorage<UInt64>()
        let total = 3 << 20 / 8 + 5  // past 3 MiB of elements
        var written = 0
        while written < total {
            let n = min(step, total - written)
            let start = storage.claim(n)
            #expect(start == written)
            let p = storage.mutablePointer()
            for k in 0..<n { p[start + k] = UInt64(start + k) &* 0x9E37_79B9_7F4A_7C15 }
            written += n
        }
        #expect(storage.count == total)
        var mismatches = 0
        for k in 0..<total where storage[k] != UInt64(k) &* 0x9E37_79B9_7F4A_7C15 { mismatches += 1 }
        #expect(mismatches == 0)
    }

    /// A copy shares the buffer until one side writes; then each sees only its own writes.
    @Test(arguments: [100, 300_000]) func copyOnWrite(count: Int) {
        var a = RawStorage<Int32>()
        let start = a.claim(count)
        for k in 0..<count { a.mutablePointer()[start + k] = Int32(k) }
        var b = a
        b.mutablePointer()[0] = -1
        _ = b.claim(10)
        #expect(a[0] == 0 && b[0] == -1)
        #expect(a.count == count && b.count == count + 10)
        a.mutablePointer()[count - 1] = -2
        #expect(b[count - 1] == Int32(count - 1) && a[count - 1] == -2)
        b.truncate(to: 3)
        #expect(b.count == 3 && a.count == count)
    }
}
