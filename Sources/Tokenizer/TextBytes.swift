/// A string's UTF-8 bytes as a pointer, for the byte-level hot paths.
@_spi(Hot) public enum TextBytes {
    /// Calls `body` with the UTF-8 bytes of `text` (a valid pointer even when it is empty). A native string is read
    /// in place: `var copy = text; copy.withUTF8 { … }` retained and released the string's storage on every call.
    @inlinable @inline(__always)
    public static func with<R>(_ text: String, _ body: (UnsafePointer<UInt8>, Int) -> R) -> R {
        if let r = text.utf8.withContiguousStorageIfAvailable({ b in b.baseAddress.map { body($0, b.count) } }),
           let r
        {
            return r
        }
        // A bridged or empty string: make a contiguous copy (an empty one has no base address).
        var copy = text
        return copy.withUTF8 { b in
            guard let base = b.baseAddress else {
                var empty: UInt8 = 0
                return body(&empty, 0)
            }
            return body(base, b.count)
        }
    }
}
