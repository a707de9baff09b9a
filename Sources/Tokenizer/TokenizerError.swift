/// An error from the tokenizer: a vocabulary that cannot be loaded, or input that is not UTF-8.
public struct TokenizerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class of problem.
    public enum Code: String, Sendable, Equatable {
        /// A bundled or user-supplied vocabulary file is missing or malformed.
        case invalidVocabulary = "invalid_vocabulary"
        /// The input bytes are not valid UTF-8.
        case invalidUTF8 = "invalid_utf8"
        /// The encoding name is not one this version knows.
        case unknownEncoding = "unknown_encoding"
    }

    /// The class of problem.
    public var code: Code
    /// What is wrong.
    public var message: String
    /// A 0-based byte offset (into the input or the vocabulary file), when there is one.
    public var offset: Int?

    /// Creates an error.
    public init(_ code: Code, _ message: String, offset: Int? = nil) {
        self.code = code
        self.message = message
        self.offset = offset
    }

    /// The message with the offset and code.
    public var description: String {
        var text = message
        if let offset { text += " at byte \(offset)" }
        return text + " [\(code.rawValue)]"
    }
}
