/// A deterministic pseudo-random generator: xoshiro256** seeded through SplitMix64.
///
/// Every draw is defined here, not by the standard library, so the same seed gives the same stream on every
/// machine and every Swift version. It deliberately does not conform to `RandomNumberGenerator`, so that the
/// standard library's (unspecified) shuffling and range sampling cannot creep into output.
public struct SeededRandom: Sendable {
    @usableFromInline var s0: UInt64
    @usableFromInline var s1: UInt64
    @usableFromInline var s2: UInt64
    @usableFromInline var s3: UInt64

    /// One step of SplitMix64: advances `state` and returns the next output.
    @inlinable public static func splitMix64(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Creates a generator whose state is filled from `seed` by SplitMix64 (never all zero).
    public init(seed: UInt64) {
        var state = seed
        s0 = SeededRandom.splitMix64(&state)
        s1 = SeededRandom.splitMix64(&state)
        s2 = SeededRandom.splitMix64(&state)
        s3 = SeededRandom.splitMix64(&state)
    }

    /// A generator for an independent sub-stream, e.g. one instance of a dataset: `seed` mixed with `stream`.
    public init(seed: UInt64, stream: UInt64) {
        var state = seed ^ (stream &* 0xD1B5_4A32_D192_ED03)
        self.init(seed: SeededRandom.splitMix64(&state))
    }

    /// The next 64 random bits.
    /// - Complexity: O(1).
    @inlinable public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// A uniform integer in `0..<bound`, without modulo bias (Lemire's multiply-and-reject method).
    /// - Complexity: O(1) expected.
    @inlinable public mutating func uniform(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let b = UInt64(bound)
        var m = next().multipliedFullWidth(by: b)
        if m.low < b {
            let threshold = (0 &- b) % b
            while m.low < threshold { m = next().multipliedFullWidth(by: b) }
        }
        return Int(m.high)
    }

    /// A uniform integer in `range`.
    @inlinable public mutating func uniform(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + uniform(below: range.upperBound - range.lowerBound + 1)
    }

    /// A uniform double in `[0, 1)` with 53 random bits.
    @inlinable public mutating func unitDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniformly chosen element of a non-empty collection.
    @inlinable public mutating func pick<C: RandomAccessCollection>(_ items: C) -> C.Element {
        precondition(!items.isEmpty, "cannot pick from an empty collection")
        return items[items.index(items.startIndex, offsetBy: uniform(below: items.count))]
    }

    /// Shuffles `items` in place (Fisher–Yates, from the end).
    @inlinable public mutating func shuffle<T>(_ items: inout [T]) {
        var i = items.count - 1
        while i > 0 {
            let j = uniform(below: i + 1)
            items.swapAt(i, j)
            i -= 1
        }
    }
}
