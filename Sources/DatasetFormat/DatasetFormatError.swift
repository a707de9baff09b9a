import JSONLines

/// An error in a dataset or transcript record: what is wrong, and where (file, line, instance id, field).
public struct DatasetFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class of problem.
    public enum Code: String, Sendable, Equatable {
        /// A required field is absent.
        case missingField = "missing_field"
        /// A field has the wrong JSON type.
        case wrongType = "wrong_type"
        /// A field has the right type but an unacceptable value.
        case invalidValue = "invalid_value"
        /// The record names a schema this version does not read.
        case unsupportedSchema = "unsupported_schema"
        /// The underlying JSON Lines stream failed.
        case stream = "stream"
    }

    /// The class of problem.
    public var code: Code
    /// What is wrong.
    public var message: String
    /// The dotted path of the field, e.g. `questions[3].evidence[0].start`.
    public var field: String?
    /// The instance id, when the record has one.
    public var instance: String?
    /// The file, when known.
    public var path: String?
    /// The 1-based line in the file, when known.
    public var line: Int?

    /// Creates an error.
    public init(_ code: Code, _ message: String, field: String? = nil, instance: String? = nil,
                path: String? = nil, line: Int? = nil)
    {
        self.code = code
        self.message = message
        self.field = field
        self.instance = instance
        self.path = path
        self.line = line
    }

    /// Wraps a stream error.
    public init(_ error: JSONLinesError) {
        let place = error.offset.map { error.line != nil ? " at column \($0)" : " at byte \($0)" } ?? ""
        self.init(.stream, error.message + place + " [\(error.code.rawValue)]", path: error.path, line: error.line)
    }

    /// `path:line: instance X: field F: message [code]`.
    public var description: String {
        var parts: [String] = []
        if let path {
            parts.append(line.map { "\(path):\($0)" } ?? path)
        } else if let line {
            parts.append("line \(line)")
        }
        if let instance { parts.append("instance '\(instance)'") }
        if let field { parts.append("field '\(field)'") }
        parts.append(message + " [\(code.rawValue)]")
        return parts.joined(separator: ": ")
    }
}
