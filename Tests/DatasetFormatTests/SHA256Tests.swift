import JSONLines
import Testing

@Suite struct SHA256Tests {
    // FIPS 180-4 examples and the empty string.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func knownDigests(_ text: String, _ expected: String) {
        var d = SHA256()
        d.update(Array(text.utf8))
        #expect(d.finalizeHex() == expected)
    }

    @Test func incrementalEqualsOneShot() {
        let data = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var whole = SHA256()
        whole.update(data)
        var parts = SHA256()
        var i = 0
        for size in [1, 63, 64, 65, 127, 1000, 3] + Array(repeating: 500, count: 30) where i < data.count {
            let end = min(data.count, i + size)
            parts.update(Array(data[i..<end]))
            i = end
        }
        parts.update(Array(data[i...]))
        #expect(whole.finalizeHex() == parts.finalizeHex())
    }
}
