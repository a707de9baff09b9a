/// An error raised while reading or writing JSON Lines, plain or gzip.
///
/// Every error says what is wrong (``message``) and where: the file, the 1-based line, and a byte offset.
/// For JSON syntax errors the offset is the 1-based column (byte) inside the line; for stream errors
/// (gzip, I/O) it is the offset in the file as stored.
public struct JSONLinesError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class of problem, stable across versions so that scripts can match on it.
    public enum Code: String, Sendable, Equatable {
        /// The file could not be opened (missing, unreadable).
        case openFailed = "open_failed"
        /// A read or write system call failed.
        case ioFailed = "io_failed"
        /// The gzip stream ended before its last member was complete.
        case truncatedGzip = "truncated_gzip"
        /// The deflate data or the gzip header/trailer is corrupt.
        case corruptGzip = "corrupt_gzip"
        /// A line is not valid UTF-8.
        case invalidUTF8 = "invalid_utf8"
        /// A line is not a valid JSON text.
        case malformedJSON = "malformed_json"
        /// A line is longer than the configured limit.
        case lineTooLong = "line_too_long"
        /// The destination cannot be created or written.
        case unwritable = "unwritable"
    }

    /// The class of problem.
    public var code: Code
    /// A human-readable description of what is wrong.
    public var message: String
    /// The path of the file (`-` for standard input or output), if known.
    public var path: String?
    /// The 1-based line number, if the error belongs to a line.
    public var line: Int?
    /// A 1-based column (byte) inside the line for JSON errors, or a 0-based byte offset in the file otherwise.
    public var offset: Int?

    /// Creates an error.
    public init(_ code: Code, _ message: String, path: String? = nil, line: Int? = nil, offset: Int? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.line = line
        self.offset = offset
    }

    /// `path:line:column: message` in the style of compilers, followed by the code.
    public var description: String {
        var location = path ?? "<input>"
        if let line {
            location += ":\(line)"
            if let offset { location += ":\(offset)" }
        } else if let offset {
            location += " at byte \(offset)"
        }
        return "\(location): \(message) [\(code.rawValue)]"
    }
}
