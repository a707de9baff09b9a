/// Whole-file reading with the same conventions as the JSON Lines reader: `-` is standard input and gzip is
/// decompressed transparently (recognised by its magic bytes).
public enum FileBytes {
    /// Reads all (decompressed) bytes of `path`.
    /// - Complexity: O(file size); memory is the decompressed size.
    public static func read(path: String) throws(JSONLinesError) -> [UInt8] {
        let source = try ByteSource(path: path)
        let chunk = 1 << 20
        let block = UnsafeMutablePointer<UInt8>.allocate(capacity: chunk)
        defer { block.deallocate() }
        var out: [UInt8] = []
        while true {
            let got = try source.read(into: block, count: chunk)
            if got == 0 { return out }
            out.append(contentsOf: UnsafeBufferPointer(start: block, count: got))
        }
    }
}
