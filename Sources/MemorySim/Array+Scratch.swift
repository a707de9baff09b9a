extension Array where Element: FixedWidthInteger {
    /// Grows a scratch buffer, zero-filled, to hold at least `count` elements (and at least 256, so that short texts
    /// do not grow it step by step); never shrinks it.
    @inline(__always)
    mutating func growScratch(to count: Int) {
        if self.count < count { append(contentsOf: repeatElement(0, count: Swift.max(count, 256) - self.count)) }
    }
}
