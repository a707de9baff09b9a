import JSONLines

/// One call of a memory tool, as an agent made it.
public struct ToolCall: Sendable, Equatable {
    /// How the arguments arrived.
    public enum Arguments: Sendable, Equatable {
        /// Already-parsed JSON (a native tool call, or a log that stores objects).
        case json(JSONValue)
        /// Raw text to parse (what follows `✿ARGS✿:` in model output).
        case text(String)
    }

    /// The tool name: `new_memory_insert`, `memory_update`, `memory_delete` or `search_memory`.
    public var name: String
    /// The arguments.
    public var arguments: Arguments
    /// For replay: the id the logged run assigned to an inserted item. `nil` lets the memory generate one.
    public var assignedId: String?

    /// Creates a call.
    public init(name: String, arguments: Arguments, assignedId: String? = nil) {
        self.name = name
        self.arguments = arguments
        self.assignedId = assignedId
    }

    /// Creates a call from a JSON object of arguments.
    public init(name: String, arguments: [String: JSONValue], assignedId: String? = nil) {
        self.init(name: name, arguments: .json(.object(arguments)), assignedId: assignedId)
    }
}

/// What a tool call did: a structured outcome and the text an agent's log shows for it.
public struct ToolResult: Sendable, Equatable {
    /// The outcome class.
    public enum Status: String, Sendable, Equatable {
        /// The call succeeded (Mem-α's `executed successfully`).
        case ok
        /// An insert of content the list already holds; nothing changed (still a success for Mem-α's reward).
        case skipped
        /// The call failed; nothing changed.
        case error
    }

    /// Why a call failed, in Mem-α's four classes (the exception type its agent catches).
    public enum ErrorKind: String, Sendable, Equatable {
        /// The arguments are not JSON (`JSONDecodeError`).
        case invalidJSON = "invalid_json"
        /// A required argument, or the tool itself, is unknown (`KeyError`).
        case missingArgument = "missing_argument"
        /// A value is not acceptable: a disabled type, an unknown id to update… (`ValueError`).
        case invalidValue = "invalid_value"
        /// Anything else: a failed assertion, a wrong type (`Exception`).
        case unexpected
    }

    /// The outcome class.
    public var status: Status
    /// The failure class, for errors.
    public var errorKind: ErrorKind?
    /// The failure message, for errors.
    public var message: String?
    /// The id of the item inserted, updated or deleted, when there is one.
    public var memoryId: String?
    /// The memory type acted on, when known.
    public var memoryType: MemoryType?
    /// What a successful call returned, kept compact; Mem-α's result dict is built from it on demand.
    package var outcome: Outcome?

    /// A successful call's return value, from which Mem-α's result dict is built.
    package enum Outcome: Sendable, Equatable {
        /// `new_memory_insert` added an item.
        case inserted(id: String, content: String)
        /// `new_memory_insert` found the exact content already stored in the list.
        case skipped(MemoryType)
        /// `memory_update` rewrote the core paragraph (after any truncation).
        case updatedCore(String)
        /// `memory_update` rewrote a list item.
        case updated(id: String, content: String)
        /// `memory_delete` succeeded (whether or not the id existed).
        case deleted
        /// `search_memory` ranked these items; `method` echoes the `search_method` argument.
        case searched([Memory.SearchHit], method: PythonValue)
    }

    /// The result dict Mem-α returns, for successes.
    package var result: PythonValue? {
        guard let outcome else { return nil }
        let ok: (PythonValue, PythonValue) = (.str("status"), .str("ok"))
        switch outcome {
        case .inserted(let id, let content):
            return .dict([ok, (.str("new_memory"), .dict([(.str(id), .str(content))]))])
        case .skipped(let type):
            let notice = "this exact content is already stored in \(type.rawValue) memory, so nothing was added"
            return .dict([(.str("status"), .str("skipped")), (.str("message"), .str(notice))])
        case .updatedCore(let text):
            return .dict([ok, (.str("updated_memory"), .str(text))])
        case .updated(let id, let content):
            return .dict([ok, (.str("updated_memory"), .dict([(.str(id), .str(content))]))])
        case .deleted:
            return .dict([ok])
        case .searched(let hits, let method):
            let list = hits.map { PythonValue.tuple([.dict([(.str($0.id), .str($0.content))]), .float($0.score)]) }
            return .dict([ok, (.str("results"), .list(list)), (.str("search_method"), method)])
        }
    }

    /// The result dict Mem-α returns (as JSON), for successes.
    public var payload: JSONValue? { result?.json }
    /// The tool name, for the log line.
    package var tool: String

    /// The line Mem-α's agent logs: `[tool NAME executed successfully] → {…}` or `[tool NAME error] …`.
    /// Built on demand, so that replays that do not compare log lines do not pay for it.
    public var text: String {
        if let result {
            var out = Array("[tool \(tool) executed successfully] → ".utf8)
            result.appendRepr(to: &out)
            return String(decoding: out, as: UTF8.self)
        }
        let prefix: String
        switch errorKind ?? .unexpected {
        case .invalidJSON: prefix = "Invalid JSON arguments: "
        case .missingArgument: prefix = "Missing required argument: "
        case .invalidValue: prefix = "Invalid argument value: "
        case .unexpected: prefix = "Unexpected error: "
        }
        return "[tool \(tool) error] " + prefix + (message ?? "")
    }

    /// Whether Mem-α counts the call as a valid tool call (ok or skipped).
    public var succeeded: Bool { status != .error }

    /// What went wrong with a failed call, in the classes that replay reports count (`nil` for successes):
    /// `unknown_tool`, `invalid_json`, `missing_argument`, `unknown_memory_id`, `disabled_memory_type` or
    /// `invalid_argument`.
    public var problemKind: String? {
        guard status == .error else { return nil }
        switch errorKind ?? .unexpected {
        case .invalidJSON: return "invalid_json"
        case .missingArgument: return Memory.toolNames.contains(tool) ? "missing_argument" : "unknown_tool"
        case .invalidValue:
            let text = message ?? ""
            if text.hasSuffix(" is not in list") { return "unknown_memory_id" }
            if text.hasSuffix("is turned off in this run") || text.hasPrefix("core memory is not part of this run") {
                return "disabled_memory_type"
            }
            return "invalid_argument"
        case .unexpected: return "invalid_argument"
        }
    }

    /// The structured JSON form used by `evalmem ops`.
    public var json: JSONValue {
        var o: [String: JSONValue] = ["status": .string(status.rawValue), "text": .string(text)]
        if let errorKind { o["error_kind"] = .string(errorKind.rawValue) }
        if let message { o["message"] = .string(message) }
        if let memoryId { o["memory_id"] = .string(memoryId) }
        if let memoryType { o["memory_type"] = .string(memoryType.rawValue) }
        if let payload { o["result"] = payload }
        return .object(o)
    }
}
