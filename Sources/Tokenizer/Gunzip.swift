import CZlib

/// One-shot gzip decompression of an in-memory buffer, used to load the bundled vocabulary files.
package enum Gunzip {
    /// Errors from ``decompress(_:)``.
    package struct Failure: Error, Sendable, CustomStringConvertible {
        /// What went wrong.
        package var description: String
    }

    /// Decompresses every gzip member in `data`.
    /// - Complexity: O(output size).
    package static func decompress(_ data: [UInt8]) throws(Failure) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(data.count * 3)
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deallocate() }
        guard memkit_inflateInit2(stream, 16 + 15) == Z_OK else { throw Failure(description: "inflateInit failed") }
        defer { inflateEnd(stream) }
        let chunk = 1 << 16
        let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: chunk)
        defer { scratch.deallocate() }
        let failure: Failure? = data.withUnsafeBufferPointer { input -> Failure? in
            guard let base = input.baseAddress, input.count > 0 else { return Failure(description: "empty input") }
            var offset = 0
            while offset < input.count {
                stream.pointee.next_in = UnsafeMutablePointer(mutating: base + offset)
                stream.pointee.avail_in = UInt32(input.count - offset)
                var status: Int32 = Z_OK
                repeat {
                    stream.pointee.next_out = scratch
                    stream.pointee.avail_out = UInt32(chunk)
                    status = inflate(stream, Z_NO_FLUSH)
                    if status != Z_OK && status != Z_STREAM_END {
                        let message = stream.pointee.msg.map { String(cString: $0) } ?? "status \(status)"
                        return Failure(description: "corrupt gzip data: \(message)")
                    }
                    output.append(contentsOf: UnsafeBufferPointer(start: scratch, count: chunk - Int(stream.pointee.avail_out)))
                    if status == Z_OK && stream.pointee.avail_in == 0 && stream.pointee.avail_out != 0 {
                        return Failure(description: "truncated gzip data")
                    }
                } while status != Z_STREAM_END
                offset = input.count - Int(stream.pointee.avail_in)
                if offset < input.count { inflateReset(stream) }
            }
            return nil
        }
        if let failure { throw failure }
        return output
    }
}
