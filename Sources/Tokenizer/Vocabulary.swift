/// A byte-level BPE vocabulary: token byte strings indexed by rank, with an open-addressing hash table from
/// bytes to rank. Immutable after loading, so it can be shared across threads.
final class Vocabulary: @unchecked Sendable {
    /// The number of ranks (tokens).
    let count: Int
    /// Token bytes, back to back; token `r` is `arena[offsets[r] ..< offsets[r + 1]]`.
    let arena: UnsafeMutablePointer<UInt8>
    let offsets: UnsafeMutablePointer<Int32>
    /// Hash slots: 0 when empty, else `rank + 1` in the low 18 bits and 14 more bits of the hash above them,
    /// so that most non-matching slots are skipped without touching the token bytes. Power-of-two capacity.
    let slots: UnsafeMutablePointer<UInt32>
    static let rankBits: UInt32 = 18
    static let rankMask: UInt32 = (1 << 18) - 1
    let mask: Int
    /// The rank of each single byte, for fast fallback.
    let byteRanks: UnsafeMutablePointer<UInt32>
    /// The rank of each two-byte token, indexed by `first << 8 | second` (`UInt32.max` if not a token): the
    /// initial pairs of every byte-pair merge are looked up here, in 256 KiB, instead of in the hash table.
    let pairRanks: UnsafeMutablePointer<UInt32>
    /// The tables above as plain pointers, for byte-pair merging (see ``Table``).
    let table: Table

    /// A vocabulary's lookup tables as plain pointers. A value of it holds no reference, so passing it into hot
    /// loops and closures costs no reference counting: the `Vocabulary` object passed there was retained and
    /// released five times per merged piece (atomic operations, about 1% of a mkdataset run). Valid while its
    /// vocabulary lives.
    struct Table {
        let arena: UnsafePointer<UInt8>
        let offsets: UnsafePointer<Int32>
        let slots: UnsafePointer<UInt32>
        let mask: Int
        let byteRanks: UnsafePointer<UInt32>
        let pairRanks: UnsafePointer<UInt32>

        @inline(__always) func tokenEquals(_ rank: Int, _ p: UnsafePointer<UInt8>, _ length: Int) -> Bool {
            let start = Int(offsets[rank])
            return Int(offsets[rank + 1]) - start == length && ByteTable.equal(arena + start, p, length)
        }

        /// The rank of the byte string, or `UInt32.max` if it is not a token.
        /// - Complexity: O(length) expected.
        @inline(__always) func rank(_ p: UnsafePointer<UInt8>, _ length: Int) -> UInt32 {
            if length == 1 { return byteRanks[Int(p[0])] }
            if length == 2 { return pairRanks[Int(p[0]) << 8 | Int(p[1])] }
            let h = Vocabulary.hash(p, length)
            let tag = Vocabulary.tag(h)
            var slot = Int(truncatingIfNeeded: h) & mask
            while true {
                let entry = slots[slot]
                if entry == 0 { return UInt32.max }
                if entry & ~Vocabulary.rankMask == tag {
                    let r = entry & Vocabulary.rankMask
                    if tokenEquals(Int(r - 1), p, length) { return r - 1 }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Parses the `.tiktoken` format: one `BASE64 SP RANK LF` per line, ranks 0..<n with no gaps.
    init(tiktokenFile data: UnsafeBufferPointer<UInt8>) throws(TokenizerError) {
        var tokens: [(Int, Int)] = []  // (arena offset, length) by rank
        tokens.reserveCapacity(data.count / 16)
        // Decoded bytes go straight into their final storage: base64 decodes to at most 3/4 of its input.
        let arenaCapacity = max(data.count, 1)
        let arenaStorage = UnsafeMutablePointer<UInt8>.allocate(capacity: arenaCapacity)
        var arenaCount = 0
        var i = 0
        let n = data.count
        var lineStart = 0
        do throws(TokenizerError) {
            let table = Vocabulary.base64Values
            try table.withUnsafeBufferPointer { (base64: UnsafeBufferPointer<UInt8>) throws(TokenizerError) in
                while i < n {
                    lineStart = i
                    let tokenStart = arenaCount
                    // Base64 until the space, through a 256-entry table (see `base64Values`).
                    var accumulator: UInt32 = 0
                    var bits = 0
                    while i < n && data[i] != 0x20 {
                        let v = base64[Int(data[i])]
                        if v >= 64 {
                            guard v == Vocabulary.base64Padding else {
                                throw TokenizerError(.invalidVocabulary, "invalid base64 character", offset: i)
                            }
                            i += 1
                            continue
                        }
                        accumulator = accumulator << 6 | UInt32(v)
                        bits += 6
                        if bits >= 8 {
                            bits -= 8
                            arenaStorage[arenaCount] = UInt8(truncatingIfNeeded: accumulator >> UInt32(bits))
                            arenaCount += 1
                        }
                        i += 1
                    }
                    guard i < n, arenaCount > tokenStart else {
                        throw TokenizerError(.invalidVocabulary, "line without a token and rank", offset: lineStart)
                    }
                    i += 1
                    var rank = 0
                    let digitsStart = i
                    while i < n && data[i] >= UInt8(ascii: "0") && data[i] <= UInt8(ascii: "9") {
                        rank = rank * 10 + Int(data[i] - UInt8(ascii: "0"))
                        i += 1
                        if rank > Int(Int32.max) {
                            throw TokenizerError(.invalidVocabulary, "rank too large", offset: i)
                        }
                    }
                    guard i > digitsStart, rank == tokens.count else {
                        throw TokenizerError(
                            .invalidVocabulary, "expected rank \(tokens.count) (ranks must run 0, 1, 2, … without gaps)",
                            offset: digitsStart)
                    }
                    if i < n && data[i] == 0x0D { i += 1 }
                    if i < n {
                        guard data[i] == 0x0A else {
                            throw TokenizerError(.invalidVocabulary, "expected end of line", offset: i)
                        }
                        i += 1
                    }
                    tokens.append((tokenStart, arenaCount - tokenStart))
                }
            }
        } catch {
            arenaStorage.deallocate()
            throw error
        }
        guard !tokens.isEmpty else {
            arenaStorage.deallocate()
            throw TokenizerError(.invalidVocabulary, "the vocabulary is empty")
        }
        guard tokens.count < Int(Vocabulary.rankMask) else {
            arenaStorage.deallocate()
            throw TokenizerError(.invalidVocabulary, "more than \(Vocabulary.rankMask - 1) tokens are not supported")
        }
        count = tokens.count
        arena = arenaStorage
        offsets = .allocate(capacity: count + 1)
        for (r, t) in tokens.enumerated() { offsets[r] = Int32(t.0) }
        offsets[count] = Int32(arenaCount)
        var capacity = 1
        while capacity < count * 2 { capacity <<= 1 }
        mask = capacity - 1
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: 0, count: capacity)
        byteRanks = .allocate(capacity: 256)
        byteRanks.initialize(repeating: UInt32.max, count: 256)
        pairRanks = .allocate(capacity: 65536)
        pairRanks.initialize(repeating: UInt32.max, count: 65536)
        table = Table(arena: arena, offsets: offsets, slots: slots, mask: mask, byteRanks: byteRanks,
                      pairRanks: pairRanks)
        for r in 0..<count {
            let start = Int(offsets[r])
            let length = Int(offsets[r + 1]) - start
            let h = Vocabulary.hash(arena + start, length)
            var slot = Int(truncatingIfNeeded: h) & mask
            while slots[slot] != 0 {
                let other = Int((slots[slot] & Vocabulary.rankMask) - 1)
                if tokenEquals(other, arena + start, length) {
                    throw TokenizerError(.invalidVocabulary, "token of rank \(r) repeats rank \(other)")
                }
                slot = (slot + 1) & mask
            }
            slots[slot] = UInt32(r + 1) | Vocabulary.tag(h)
            if length == 1 { byteRanks[Int(arena[start])] = UInt32(r) }
            if length == 2 { pairRanks[Int(arena[start]) << 8 | Int(arena[start + 1])] = UInt32(r) }
        }
        for b in 0..<256 where byteRanks[b] == UInt32.max {
            throw TokenizerError(.invalidVocabulary, "byte 0x\(String(b, radix: 16)) has no token")
        }
    }

    deinit {
        arena.deallocate()
        offsets.deallocate()
        slots.deallocate()
        byteRanks.deallocate()
        pairRanks.deallocate()
    }

    /// A fast 64-bit hash of a short byte string.
    @inlinable @inline(__always) static func hash(_ p: UnsafePointer<UInt8>, _ length: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: length)
        var i = 0
        let raw = UnsafeRawPointer(p)
        while i + 8 <= length {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 29
            i += 8
        }
        if i < length {
            // The tail without a byte loop: an overlapping 8-byte load when the key is long enough, else two
            // overlapping 4-byte loads, else three single bytes (the length, mixed in above, tells them apart).
            let tail: UInt64
            if length >= 8 {
                tail = raw.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self)
            } else if length >= 4 {
                tail = UInt64(raw.loadUnaligned(as: UInt32.self))
                    | UInt64(raw.loadUnaligned(fromByteOffset: length - 4, as: UInt32.self)) << 32
            } else {
                tail = UInt64(p[0]) | UInt64(p[length / 2]) << 8 | UInt64(p[length - 1]) << 16
            }
            h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        }
        h ^= h >> 32
        h = h &* 0xD6E8_FEB8_6659_FD93
        return h ^ (h >> 32)
    }

    @inline(__always) func tokenEquals(_ rank: Int, _ p: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        table.tokenEquals(rank, p, length)
    }

    /// The rank of the byte string, or `UInt32.max` if it is not a token.
    /// - Complexity: O(length) expected.
    @inline(__always) func rank(_ p: UnsafePointer<UInt8>, _ length: Int) -> UInt32 { table.rank(p, length) }

    /// Each byte's base64 value (0–63), ``base64Padding`` for `=`, or 255 for a byte that is not base64.
    static let base64Values: [UInt8] = {
        var table = [UInt8](repeating: 255, count: 256)
        for (value, byte) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(byte)] = UInt8(value)
        }
        table[Int(UInt8(ascii: "="))] = base64Padding
        return table
    }()
    static let base64Padding: UInt8 = 64

    /// The hash bits stored beside the rank: taken from the top, independent of the slot index bits.
    @inline(__always) static func tag(_ h: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: h >> 50) << rankBits
    }

    /// The bytes of token `rank`.
    func bytes(of rank: Int) -> UnsafeBufferPointer<UInt8> {
        let start = Int(offsets[rank])
        return UnsafeBufferPointer(start: arena + start, count: Int(offsets[rank + 1]) - start)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
