import DatasetFormat
import JSONLines

/// An error that stops an evaluation: unreadable or invalid input, or a transcript that does not belong to the
/// dataset. Problems inside single transcript events are not errors; they are counted in the report.
public struct EvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class of problem; each maps to an exit code of `evalmem`.
    public enum Code: String, Sendable, Equatable {
        /// A file could not be read (missing, corrupt gzip, malformed JSON): exit 3.
        case unreadable
        /// A record breaks its schema: exit 1.
        case invalid
        /// The transcript and the dataset do not belong together (sha256, unknown instance): exit 1.
        case mismatch
        /// An output could not be written: exit 4.
        case unwritable
        /// `--strict` was given and an event had a problem: exit 1.
        case strict
    }

    /// The class of problem.
    public var code: Code
    /// What is wrong.
    public var message: String
    /// The file, when known.
    public var path: String?
    /// The 1-based line, when known.
    public var line: Int?
    /// The instance id, when known.
    public var instance: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, path: String? = nil, line: Int? = nil, instance: String? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.line = line
        self.instance = instance
    }

    /// Wraps a dataset or transcript decoding error (stream errors are `unreadable`, the rest `invalid`).
    public init(_ error: DatasetFormatError, code: Code? = nil) {
        self.init(code ?? (error.code == .stream ? .unreadable : .invalid),
                  (error.field.map { "field '\($0)': " } ?? "") + error.message, path: error.path, line: error.line,
                  instance: error.instance)
    }

    /// Wraps a stream error (a file that cannot be read, or written with `code` `.unwritable`).
    public init(_ error: JSONLinesError, code: Code = .unreadable) {
        self.init(code, error.message + (error.offset.map { " (byte \($0))" } ?? ""), path: error.path,
                  line: error.line)
    }

    /// `path:line: instance 'X': message [code]`.
    public var description: String {
        var parts: [String] = []
        if let path { parts.append(line.map { "\(path):\($0)" } ?? path) }
        if let instance { parts.append("instance '\(instance)'") }
        parts.append(message + " [\(code.rawValue)]")
        return parts.joined(separator: ": ")
    }

    /// The exit code `evalmem` uses for this error.
    public var exitCode: Int32 {
        switch code {
        case .unreadable: return 3
        case .unwritable: return 4
        case .invalid, .mismatch, .strict: return 1
        }
    }
}
