import CDeflate

/// One-shot gzip decompression of an in-memory buffer, used to load the bundled vocabulary files.
///
/// Through libdeflate rather than zlib's streaming `inflate`: the vocabulary is decompressed at every start of every
/// tool, and libdeflate did it in a little over half the instructions (48 M against 86 M for zlib's inflate and
/// CRC, which were a third of a small run's start-up).
package enum Gunzip {
    /// Errors from ``decompress(_:)``.
    package struct Failure: Error, Sendable, CustomStringConvertible {
        /// What went wrong.
        package var description: String
    }

    /// Decompresses every gzip member in `data`.
    /// - Complexity: O(output size).
    package static func decompress(_ data: [UInt8]) throws(Failure) -> [UInt8] {
        guard !data.isEmpty else { throw Failure(description: "empty input") }
        guard let decompressor = libdeflate_alloc_decompressor() else {
            throw Failure(description: "libdeflate could not start decompressing")
        }
        defer { libdeflate_free_decompressor(decompressor) }
        var output: [UInt8] = []
        var offset = 0
        while offset < data.count {
            let (used, member) = try decompressMember(data, from: offset, decompressor)
            // A single member (the bundled files) is the output as it is, not copied into it.
            if output.isEmpty { output = member } else { output += member }
            offset += used
        }
        return output
    }

    /// Decompresses the gzip member that starts at `offset`: the input bytes it took and its output. The output's
    /// size is read from the member's trailer when the member is the last one, and otherwise guessed and grown.
    static func decompressMember(_ data: [UInt8], from offset: Int,
                                 _ decompressor: OpaquePointer) throws(Failure) -> (Int, [UInt8]) {
        // ISIZE, the last four bytes of the input: exact when this member is the last, a first guess otherwise.
        var capacity = 1 << 16
        if data.count - offset >= 18 {
            var size = 0
            for k in 0..<4 { size |= Int(data[data.count - 4 + k]) << (8 * k) }
            capacity = max(capacity, size)
        }
        while true {
            var used = 0
            var produced = 0
            var output = [UInt8](repeating: 0, count: capacity)
            let status = data.withUnsafeBufferPointer { input in
                output.withUnsafeMutableBufferPointer { out in
                    libdeflate_gzip_decompress_ex(decompressor, input.baseAddress! + offset, input.count - offset,
                                                  out.baseAddress, out.count, &used, &produced)
                }
            }
            switch status {
            case LIBDEFLATE_SUCCESS:
                output.removeLast(capacity - produced)
                return (used, output)
            case LIBDEFLATE_INSUFFICIENT_SPACE:
                guard capacity < Int(Int32.max) else { throw Failure(description: "gzip member too large") }
                capacity *= 2
            case LIBDEFLATE_SHORT_OUTPUT:
                throw Failure(description: "truncated gzip data")
            default:
                throw Failure(description: "corrupt gzip data at byte \(offset)")
            }
        }
    }
}
