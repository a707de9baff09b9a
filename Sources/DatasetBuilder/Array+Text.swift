/// Sentence assembly for the generators' templates: parts appended as UTF-8 to a byte buffer.
extension [UInt8] {
    /// Appends `text`'s UTF-8 (sentence templates write their parts one call each: no array of parts, no
    /// intermediate string).
    /// - Complexity: O(UTF-8 length).
    @inline(__always)
    mutating func put(_ text: String) {
        var text = text
        text.withUTF8 { append(contentsOf: $0) }
    }

    /// Appends a literal's UTF-8.
    @inline(__always)
    mutating func put(_ text: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}
