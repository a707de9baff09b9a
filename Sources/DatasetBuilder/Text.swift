/// Text assembly for the generators' sentence templates.
enum Text {
    /// The concatenation of `parts`, built in one buffer of the exact size (string interpolation and `+` grow and
    /// copy intermediate strings; generating a 30k-token instance joins a few thousand sentences).
    /// - Complexity: O(total UTF-8 length).
    static func join(_ parts: [String]) -> String {
        var total = 0
        for part in parts { total += part.utf8.count }
        return String(unsafeUninitializedCapacity: total) { buffer in
            var at = 0
            for var part in parts {
                part.withUTF8 { bytes in
                    guard let base = bytes.baseAddress, bytes.count > 0 else { return }
                    (buffer.baseAddress! + at).update(from: base, count: bytes.count)
                    at += bytes.count
                }
            }
            return at
        }
    }
}

extension [UInt8] {
    /// Appends `text`'s UTF-8 (sentence templates write their parts one call each: no array of parts, no
    /// intermediate string).
    /// - Complexity: O(UTF-8 length).
    @inline(__always)
    mutating func put(_ text: String) {
        var text = text
        text.withUTF8 { append(contentsOf: $0) }
    }
}
