/// The three parts of a Mem-α memory.
public enum MemoryType: String, Sendable, Equatable, CaseIterable {
    /// One paragraph, replaced wholesale, capped at 512 o200k tokens.
    case core
    /// A list of general facts.
    case semantic
    /// A list of timestamped events.
    case episodic

    /// The tool-argument spelling (`core_memory`, `semantic_memory`, `episodic_memory`).
    public var toolName: String { rawValue + "_memory" }

    /// Parses a tool's `memory_type` argument. Like Mem-α's `delete`, it accepts both `semantic_memory` and the
    /// bare `semantic`; the tools decide which spellings they allow.
    public init?(toolArgument: String) {
        let bare = toolArgument.hasSuffix("_memory") ? String(toolArgument.dropLast(7)) : toolArgument
        self.init(rawValue: bare)
    }
}
