import CZlib

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A stream of the decompressed bytes of a file: plain, or gzip with any number of members.
///
/// gzip is recognised by its magic bytes (`1F 8B`), never by the file name. Errors carry the path and the
/// byte offset in the stored (compressed) file.
package final class ByteSource {
    package let path: String
    let fd: Int32
    let ownsDescriptor: Bool
    /// Whether the input is gzip.
    package private(set) var isGzip = false

    // Raw (stored) input buffer.
    var input: UnsafeMutablePointer<UInt8>
    let inputCapacity: Int
    var inputStart = 0
    var inputCount = 0
    /// Offset in the stored file of `input[0]`.
    var inputFileOffset = 0
    var eof = false

    var stream: UnsafeMutablePointer<z_stream>?
    var memberOpen = false
    var finished = false

    /// Opens `path` (`-` for standard input).
    package init(path: String, bufferSize: Int = 1 << 18) throws(JSONLinesError) {
        self.path = path
        self.fd = try FileIO.openForReading(path)
        self.ownsDescriptor = path != "-"
        self.inputCapacity = bufferSize
        self.input = .allocate(capacity: bufferSize)
        try fillInput()
        if inputCount >= 2 && input[0] == 0x1F && input[1] == 0x8B {
            isGzip = true
            let s = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            s.initialize(to: z_stream())
            guard memkit_inflateInit2(s, 16 + 15) == Z_OK else {
                s.deallocate()
                throw JSONLinesError(.ioFailed, "zlib could not start inflating", path: path)
            }
            stream = s
            memberOpen = true
        }
    }

    deinit {
        if let stream {
            inflateEnd(stream)
            stream.deallocate()
        }
        input.deallocate()
        if ownsDescriptor { close(fd) }
    }

    /// Reads more stored bytes into the input buffer, compacting it first. Sets `eof` at end of file.
    func fillInput() throws(JSONLinesError) {
        if inputStart > 0 {
            if inputCount > 0 {
                (input).update(from: input + inputStart, count: inputCount)
            }
            inputFileOffset += inputStart
            inputStart = 0
        }
        while !eof && inputCount < inputCapacity {
            let n = try FileIO.read(fd, input + inputCount, inputCapacity - inputCount, path: path,
                                    offset: inputFileOffset + inputCount)
            if n == 0 { eof = true } else { inputCount += n }
            if n > 0 { break }
        }
    }

    /// Fills `buffer` with up to `count` decompressed bytes and returns how many; 0 means end of data.
    /// - Complexity: O(bytes produced).
    package func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws(JSONLinesError) -> Int {
        if finished { return 0 }
        guard let stream else {
            if inputCount == 0 && !eof { try fillInput() }
            if inputCount == 0 {
                finished = true
                return 0
            }
            let n = min(count, inputCount)
            buffer.update(from: input + inputStart, count: n)
            inputStart += n
            inputCount -= n
            return n
        }
        var produced = 0
        while produced == 0 {
            if inputCount == 0 {
                if eof {
                    if memberOpen {
                        throw JSONLinesError(.truncatedGzip,
                            "truncated gzip stream: the file ends inside a compressed member",
                            path: path, offset: inputFileOffset + inputStart)
                    }
                    finished = true
                    return 0
                }
                try fillInput()
                continue
            }
            if !memberOpen {
                // Another member must follow: check its magic bytes.
                if inputCount < 2 && !eof { try fillInput(); continue }
                guard inputCount >= 2, input[inputStart] == 0x1F, input[inputStart + 1] == 0x8B else {
                    throw JSONLinesError(.corruptGzip, "trailing bytes after the last gzip member are not gzip",
                                         path: path, offset: inputFileOffset + inputStart)
                }
                inflateReset(stream)
                memberOpen = true
            }
            stream.pointee.next_in = input + inputStart
            stream.pointee.avail_in = UInt32(inputCount)
            stream.pointee.next_out = buffer + produced
            stream.pointee.avail_out = UInt32(count - produced)
            let status = inflate(stream, Z_NO_FLUSH)
            let consumed = inputCount - Int(stream.pointee.avail_in)
            let errorOffset = inputFileOffset + inputStart + consumed
            inputStart += consumed
            inputCount -= consumed
            produced = count - Int(stream.pointee.avail_out)
            switch status {
            case Z_OK:
                break
            case Z_STREAM_END:
                memberOpen = false
            case Z_BUF_ERROR:
                // No progress possible: more input is needed (handled above at the next turn).
                if inputCount > 0 && produced == 0 {
                    throw JSONLinesError(.corruptGzip, "zlib made no progress", path: path, offset: errorOffset)
                }
            case Z_DATA_ERROR:
                let detail = stream.pointee.msg.map { String(cString: $0) } ?? "invalid data"
                throw JSONLinesError(.corruptGzip, "corrupt gzip data: \(detail)", path: path, offset: errorOffset)
            case Z_MEM_ERROR:
                throw JSONLinesError(.ioFailed, "zlib ran out of memory", path: path, offset: errorOffset)
            default:
                throw JSONLinesError(.corruptGzip, "zlib error \(status)", path: path, offset: errorOffset)
            }
        }
        return produced
    }
}
