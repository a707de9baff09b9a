import CZlib

/// A gzip (RFC 1952) compressor over zlib's deflate, producing one member.
package final class Deflater {
    let stream: UnsafeMutablePointer<z_stream>
    var output: UnsafeMutablePointer<UInt8>
    let outputCapacity = 1 << 18
    let path: String

    /// Starts a gzip member at `level` (0–9).
    package init(level: Int, path: String) throws(JSONLinesError) {
        self.path = path
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        output = .allocate(capacity: outputCapacity)
        guard memkit_deflateInit2(stream, Int32(level), 16 + 15) == Z_OK else {
            stream.deallocate()
            output.deallocate()
            throw JSONLinesError(.ioFailed, "zlib could not start deflating at level \(level)", path: path)
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
        output.deallocate()
    }

    /// Compresses `input`, handing each filled output block to `sink`; with `finish`, ends the member.
    package func compress(_ input: UnsafeBufferPointer<UInt8>, finish: Bool,
                          sink: (UnsafeBufferPointer<UInt8>) throws(JSONLinesError) -> Void) throws(JSONLinesError)
    {
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
        stream.pointee.avail_in = UInt32(input.count)
        let flush = finish ? Z_FINISH : Z_NO_FLUSH
        while true {
            stream.pointee.next_out = output
            stream.pointee.avail_out = UInt32(outputCapacity)
            let status = deflate(stream, flush)
            guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                throw JSONLinesError(.ioFailed, "zlib deflate failed with status \(status)", path: path)
            }
            let produced = outputCapacity - Int(stream.pointee.avail_out)
            if produced > 0 { try sink(UnsafeBufferPointer(start: output, count: produced)) }
            if finish {
                if status == Z_STREAM_END { return }
            } else if stream.pointee.avail_in == 0 && stream.pointee.avail_out != 0 {
                return
            }
        }
    }
}
