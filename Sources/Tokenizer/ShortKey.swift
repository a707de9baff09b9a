/// Byte strings of up to 16 bytes as two machine words, for tables that keep short keys inline (no key arena, no
/// byte loop): the token-count cache's short segments and the memory lexicon's segment memo.
@_spi(Hot) public enum ShortKey {
    /// The longest key that ``words(_:_:)`` represents.
    public static let maxLength = 16

    /// The `n` bytes at `p` (1 ≤ n ≤ 16) as two words, read without touching bytes outside them: together with `n`
    /// they identify the bytes (every byte is in one of the loads, some in two).
    @inlinable @inline(__always)
    public static func words(_ p: UnsafePointer<UInt8>, _ n: Int) -> (UInt64, UInt64) {
        let raw = UnsafeRawPointer(p)
        if n >= 8 {
            return (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self))
        }
        if n >= 4 {
            return (UInt64(raw.loadUnaligned(as: UInt32.self))
                | UInt64(raw.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)) << 32, 0)
        }
        return (UInt64(p[0]) | UInt64(p[n / 2]) << 8 | UInt64(p[n - 1]) << 16, 0)
    }

    /// A 64-bit hash of a key given as its two words and length.
    @inlinable @inline(__always)
    public static func mix(_ k0: UInt64, _ k1: UInt64, _ n: Int) -> UInt64 {
        var h = (k0 &* 0x9E37_79B9_7F4A_7C15) ^ (k1 &* 0xBF58_476D_1CE4_E5B9) ^ UInt64(truncatingIfNeeded: n)
        h ^= h >> 31
        h = h &* 0x94D0_49BB_1331_11EB
        return h ^ (h >> 29)
    }
}
