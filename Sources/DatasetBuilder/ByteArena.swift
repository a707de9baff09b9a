@_spi(Hot) import Tokenizer

/// A growable byte buffer that owns its memory, for assembling sentences and chunks: an append is a capacity check
/// and one copy (the generic `Array.append(contentsOf:)` cost about 110 instructions a call here, and sentence
/// templates append a handful of short parts each). Not copyable, so no two values share the memory.
struct ByteArena: ~Copyable {
    private(set) var base: UnsafeMutablePointer<UInt8>
    /// The bytes in use: `base[0 ..< count]`.
    private(set) var count = 0
    private(set) var capacity: Int

    /// An empty buffer with room for `capacity` bytes before it grows.
    init(capacity: Int = 4096) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Forgets the bytes, keeping the memory.
    mutating func removeAll() { count = 0 }

    /// Appends `n` bytes from `p`.
    /// - Complexity: O(n), amortised.
    @inline(__always)
    mutating func put(_ p: UnsafePointer<UInt8>, _ n: Int) {
        if count + n > capacity { grow(count + n) }
        let to = UnsafeMutableRawPointer(base + count)
        let from = UnsafeRawPointer(p)
        // Template parts and names are mostly under 16 bytes: two overlapping word copies instead of a call.
        if n >= 8 && n <= 16 {
            to.storeBytes(of: from.loadUnaligned(as: UInt64.self), as: UInt64.self)
            to.storeBytes(of: from.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self), toByteOffset: n - 8,
                          as: UInt64.self)
        } else if n >= 4 && n < 8 {
            to.storeBytes(of: from.loadUnaligned(as: UInt32.self), as: UInt32.self)
            to.storeBytes(of: from.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self), toByteOffset: n - 4,
                          as: UInt32.self)
        } else if n < 4 {
            for k in 0..<n { base[count + k] = p[k] }
        } else {
            (base + count).update(from: p, count: n)
        }
        count += n
    }

    /// Appends a literal's UTF-8.
    @inline(__always)
    mutating func put(_ text: StaticString) {
        put(text.utf8Start, text.utf8CodeUnitCount)
    }

    /// Appends `text`'s UTF-8.
    @inline(__always)
    mutating func put(_ text: String) {
        // In place when the string's UTF-8 is contiguous (native and small strings): no copy of the string value
        // (a retain and a release per part).
        TextBytes.with(text) { put($0, $1) }
    }

    /// Appends `value` in decimal, as `String(value)` writes it.
    mutating func putDecimal(_ value: Int) {
        if value < 0 { put("-" as StaticString) }
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var n = 0
            repeat {
                digits[19 - n] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                n += 1
            } while magnitude > 0
            put(digits.baseAddress! + 20 - n, n)
        }
    }

    /// Appends the bytes.
    @inline(__always)
    mutating func put(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { if let p = $0.baseAddress { put(p, $0.count) } }
    }

    /// Appends bytes `range` of `other`.
    @inline(__always)
    mutating func put(_ other: borrowing ByteArena, _ range: Range<Int>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= other.count, "range outside the arena")
        put(other.base + range.lowerBound, range.count)
    }

    /// The bytes in `range` (valid until the next append).
    func bytes(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "range outside the arena")
        return UnsafeBufferPointer(start: base + range.lowerBound, count: range.count)
    }

    /// The bytes as a string (they are valid UTF-8 when only strings were appended).
    var string: String { String(decoding: bytes(0..<count), as: UTF8.self) }

    private mutating func grow(_ needed: Int) {
        var bigger = capacity * 2
        while bigger < needed { bigger *= 2 }
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: bigger)
        moved.update(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = bigger
    }
}
