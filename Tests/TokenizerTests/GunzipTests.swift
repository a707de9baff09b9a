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

    /// A gzip member of `data` in stored (uncompressed) deflate blocks, built by hand with its CRC-32.
    static func storedMember(_ data: [UInt8]) -> [UInt8] {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        crc = ~crc
        var out: [UInt8] = [0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0x03]
        var start = 0
        repeat {
            let n = min(65_535, data.count - start)
            out.append(start + n == data.count ? 1 : 0)
            out += [UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8((~n >> 8) & 0xFF)]
            out += data[start..<(start + n)]
            start += n
        } while start < data.count
        for k in 0..<4 { out.append(UInt8(truncatingIfNeeded: crc >> (8 * UInt32(k)))) }
        for k in 0..<4 { out.append(UInt8(truncatingIfNeeded: data.count >> (8 * k))) }
        return out
    }

    /// A first member larger than the last member's size suggests (the output is sized from the trailer of the
    /// input, which describes only the last member) still comes out whole.
    @Test func decompressesALargeMemberBeforeASmallOne() throws {
        let big = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 9) }
        let out = try Gunzip.decompress(Self.storedMember(big) + Array(Self.twoMembers.suffix(26)))
        #expect(out == big + Array("world\n".utf8))
    }
}
