#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A streaming reader of JSON Lines files, plain or gzip (detected by magic bytes, multi-member aware).
///
/// Memory stays bounded by the buffer size plus the longest line, whatever the file size. Lines end at `\n`;
/// a final line without `\n` is still returned. A line longer than ``maxLineBytes`` is an error.
///
/// ```swift
/// let reader = try JSONLinesReader(path: "data.jsonl.gz")
/// while let (value, line) = try reader.nextValue() { ... }
/// ```
public final class JSONLinesReader {
    /// One line of the file: its bytes without the `\n`, and its 1-based number.
    public struct Line: Sendable {
        /// The bytes of the line, without the terminating `\n`.
        public var bytes: [UInt8]
        /// The 1-based line number.
        public var number: Int
    }

    /// The default limit on one line: 256 MiB.
    public static let defaultMaxLineBytes = 256 << 20

    /// The path read (`-` for standard input).
    public let path: String
    /// The longest line accepted, in bytes.
    public let maxLineBytes: Int

    let source: ByteSource
    let pipeline: PipelinedSource?
    var buffer: UnsafeMutablePointer<UInt8>
    var capacity: Int
    var start = 0
    var count = 0
    var sourceDone = false
    var lineNumber = 0
    /// The decompressed bytes consumed so far, newlines included.
    public private(set) var bytesRead = 0

    /// Opens `path` for reading (`-` is standard input).
    /// - Parameters:
    ///   - maxLineBytes: the longest line accepted; a longer one throws ``JSONLinesError/Code/lineTooLong``.
    ///   - bufferSize: the size of the decompressed read buffer.
    public init(path: String, maxLineBytes: Int = JSONLinesReader.defaultMaxLineBytes, bufferSize: Int = 1 << 20)
        throws(JSONLinesError)
    {
        precondition(maxLineBytes > 0 && bufferSize > 0, "limits must be positive")
        self.path = path
        self.maxLineBytes = maxLineBytes
        self.source = try ByteSource(path: path)
        self.capacity = bufferSize
        self.buffer = .allocate(capacity: bufferSize)
        // Decompress on a second thread when the input is gzip; plain input is read directly.
        if source.isGzip {
            let pipeline = PipelinedSource(source: source)
            self.pipeline = pipeline.start() ? pipeline : nil
        } else {
            self.pipeline = nil
        }
    }

    deinit {
        pipeline?.stop()
        buffer.deallocate()
    }

    /// Whether the input was gzip.
    public var isGzip: Bool { source.isGzip }

    /// Calls `body` with each line's bytes (valid only during the call) and its 1-based number, without copying.
    /// - Complexity: O(n) in the decompressed size.
    public func forEachLine(_ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) throws {
        while let (line, number) = try nextLineBuffer() {
            try body(line, number)
        }
    }

    /// Returns the next line, or `nil` at the end of the input.
    /// - Complexity: O(length of the line), amortized.
    public func next() throws(JSONLinesError) -> Line? {
        guard let (line, number) = try nextLineBuffer() else { return nil }
        return Line(bytes: Array(line), number: number)
    }

    /// Returns the next non-blank line parsed as JSON, with its line number, or `nil` at the end.
    ///
    /// Errors name the file, the line and the column.
    public func nextValue() throws(JSONLinesError) -> (JSONValue, Int)? {
        while let (line, number) = try nextLineBuffer() {
            if isBlank(line) { continue }
            do {
                return (try JSONParser.parse(line), number)
            } catch {
                var located = error
                located.path = path
                located.line = number
                throw located
            }
        }
        return nil
    }

    func isBlank(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        for b in line where !(b == 0x20 || b == 0x09 || b == 0x0D) { return false }
        return true
    }

    /// The next line as a buffer into the internal storage (valid until the next call).
    func nextLineBuffer() throws(JSONLinesError) -> (UnsafeBufferPointer<UInt8>, Int)? {
        var scanned = 0
        while true {
            if count > scanned,
               let hit = memchr(buffer + start + scanned, 0x0A, count - scanned)
            {
                let length = UnsafeMutableRawPointer(mutating: hit) - UnsafeMutableRawPointer(buffer + start)
                lineNumber += 1
                if length > maxLineBytes { throw tooLong() }
                let line = UnsafeBufferPointer(start: buffer + start, count: length)
                start += length + 1
                count -= length + 1
                bytesRead += length + 1
                return (line, lineNumber)
            }
            scanned = count
            if count > maxLineBytes {
                lineNumber += 1
                throw tooLong()
            }
            if sourceDone {
                guard count > 0 else { return nil }
                lineNumber += 1
                let line = UnsafeBufferPointer(start: buffer + start, count: count)
                start += count
                bytesRead += count
                count = 0
                return (line, lineNumber)
            }
            try refill()
        }
    }

    func tooLong() -> JSONLinesError {
        JSONLinesError(.lineTooLong, "line is longer than the limit of \(maxLineBytes) bytes",
                       path: path, line: lineNumber)
    }

    /// Moves pending bytes to the front, grows the buffer if a line fills it, and reads more.
    func refill() throws(JSONLinesError) {
        if start > 0 {
            if count > 0 { buffer.update(from: buffer + start, count: count) }
            start = 0
        }
        if count == capacity {
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            grown.update(from: buffer, count: count)
            buffer.deallocate()
            buffer = grown
            capacity *= 2
        }
        let n: Int
        if let pipeline {
            n = try pipeline.read(into: buffer + count, count: capacity - count)
        } else {
            n = try source.read(into: buffer + count, count: capacity - count)
        }
        if n == 0 { sourceDone = true } else { count += n }
    }
}
