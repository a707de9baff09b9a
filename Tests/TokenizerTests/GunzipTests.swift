import Testing
@testable import Tokenizer

@Suite struct GunzipTests {
    // Two gzip members ("hello " and "world\n"), written by Python 3.11's gzip.compress(…, mtime=0).
    static let twoMembers: [UInt8] = [
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0x57, 0x00, 0x00,
        0xf6, 0xf9, 0x81, 0xed, 0x06, 0x00, 0x00, 0x00,
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x2b, 0xcf, 0x2f, 0xca, 0x49, 0xe1, 0x02, 0x00,
        0xa8, 0x61, 0x38, 0xdd, 0x06, 0x00, 0x00, 0x00,
    ]

    @Test func decompressesConcatenatedMembers() throws {
        let out = try Gunzip.decompress(Self.twoMembers)
        #expect(String(decoding: out, as: UTF8.self) == "hello world\n")
    }

    @Test func rejectsTruncatedInput() {
        #expect(throws: Gunzip.Failure.self) { try Gunzip.decompress(Array(Self.twoMembers.prefix(20))) }
    }

    @Test func rejectsCorruptInput() {
        var corrupt = Self.twoMembers
        corrupt[12] ^= 0xFF
        #expect(throws: Gunzip.Failure.self) { try Gunzip.decompress(corrupt) }
    }
}
