/// An error about memory state or a memory operation that depends on data.
public struct MemorySimError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class of problem.
    public enum Code: String, Sendable, Equatable {
        /// A snapshot does not have the `agent_state` shape.
        case invalidState = "invalid_state"
    }

    /// The class of problem.
    public var code: Code
    /// What is wrong.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message followed by the code.
    public var description: String { "\(message) [\(code.rawValue)]" }
}
