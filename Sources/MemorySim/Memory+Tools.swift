import JSONLines

/// A tool failure, mapped to the exception class Mem-α's agent would have caught.
struct ToolFailure: Error {
    var kind: ToolResult.ErrorKind
    var message: String
}

extension Memory {
    /// The names of the four tools.
    public static let toolNames = ["new_memory_insert", "memory_update", "memory_delete", "search_memory"]

    /// Runs one tool call with Mem-α's semantics and returns its outcome. Never throws: every problem is an
    /// error result, counted the way Mem-α counts failed calls, and leaves the memory unchanged.
    /// - Complexity: amortised O(size of the content) for writes; O(postings of the query terms) for searches.
    public mutating func execute(_ call: ToolCall) -> ToolResult {
        let name = call.name
        do {
            let parsed = try Memory.parseArguments(call.arguments)
            let tool: Int
            switch name {
            case "new_memory_insert": tool = 0
            case "memory_update": tool = 1
            case "memory_delete": tool = 2
            case "search_memory": tool = 3
            default:
                // Mem-α looks the tool up in a dict, so an unknown name is a KeyError.
                throw ToolFailure(kind: .missingArgument, message: PythonText.repr(name))
            }
            guard case .object(let arguments) = parsed else {
                throw ToolFailure(kind: .unexpected, message: "the arguments are not a JSON object")
            }
            let outcome: (ToolResult.Outcome, ToolResult.Status, String?, MemoryType?)
            switch tool {
            case 0: outcome = try insert(arguments, assignedId: call.assignedId)
            case 1: outcome = try update(arguments)
            case 2: outcome = try delete(arguments)
            default: outcome = try search(arguments)
            }
            return ToolResult(status: outcome.1, errorKind: nil, message: nil, memoryId: outcome.2,
                              memoryType: outcome.3, outcome: outcome.0, tool: name)
        } catch let failure as ToolFailure {
            return ToolResult(status: .error, errorKind: failure.kind, message: failure.message, memoryId: nil,
                              memoryType: nil, outcome: nil, tool: name)
        } catch {
            return ToolResult(status: .error, errorKind: .unexpected, message: "\(error)", memoryId: nil,
                              memoryType: nil, outcome: nil, tool: name)
        }
    }

    static func parseArguments(_ arguments: ToolCall.Arguments) throws -> JSONValue {
        switch arguments {
        case .json(let value):
            return value
        case .text(let text):
            // Mem-α repairs the text before parsing it (json_repair), so only text with no JSON value fails.
            guard let value = JSONRepair.parse(text) else {
                throw ToolFailure(kind: .invalidJSON, message: "no JSON value could be read from the arguments")
            }
            return value
        }
    }

    // MARK: - Argument access with Python's failure modes

    /// `arguments[key]`, found by comparing keys rather than hashing when there are few (a tool call has two to
    /// four): hashing the key cost more than the rest of a small call's argument handling. Only keys are read
    /// while looking, so that the values passed over (an item's content) are not retained and released.
    @inline(__always)
    static func argument(_ arguments: [String: JSONValue], _ key: String) -> JSONValue? {
        guard arguments.count <= 8 else { return arguments[key] }
        var i = arguments.startIndex
        while i != arguments.endIndex {
            if arguments.keys[i] == key { return arguments.values[i] }
            arguments.formIndex(after: &i)
        }
        return nil
    }

    /// `arguments[key]`: a missing key is a KeyError, reported as the key's repr.
    static func required(_ arguments: [String: JSONValue], _ key: String) throws -> PythonValue {
        guard let v = Memory.argument(arguments, key) else {
            throw ToolFailure(kind: .missingArgument, message: PythonText.repr(key))
        }
        if case .string(let s) = v { return .str(s) }
        return PythonValue(json: v)
    }

    /// `arguments[key]` as text: a string as is, anything else as Python's `str()` of it.
    static func requiredText(_ arguments: [String: JSONValue], _ key: String) throws -> String {
        guard let v = Memory.argument(arguments, key) else {
            throw ToolFailure(kind: .missingArgument, message: PythonText.repr(key))
        }
        if case .string(let s) = v { return s }
        return PythonValue(json: v).str
    }

    /// The list type named by an exact `memory_type` string (`semantic_memory`, `episodic_memory`), the one
    /// spelling the insert tool's assert accepts; otherwise the assert fails with an empty message.
    static func assertedListType(_ arguments: [String: JSONValue]) throws -> MemoryType {
        guard let v = Memory.argument(arguments, "memory_type") else {
            throw ToolFailure(kind: .missingArgument, message: PythonText.repr("memory_type"))
        }
        guard case .string(let text) = v else { throw ToolFailure(kind: .unexpected, message: "") }
        switch text {
        case "semantic_memory": return .semantic
        case "episodic_memory": return .episodic
        default: throw ToolFailure(kind: .unexpected, message: "")
        }
    }

    /// `memory_type.replace("_memory", "")`, with the common spellings answered without copying.
    static func strippedTypeText(_ arguments: [String: JSONValue]) throws -> String {
        guard let v = Memory.argument(arguments, "memory_type") else {
            throw ToolFailure(kind: .missingArgument, message: PythonText.repr("memory_type"))
        }
        if case .string(let text) = v {
            switch text {
            case "semantic_memory": return "semantic"
            case "episodic_memory": return "episodic"
            case "core_memory": return "core"
            default: break
            }
        }
        return try strippedType(v.stringValue.map(PythonValue.str) ?? PythonValue(json: v))
    }

    /// `arguments.get(key)`.
    static func optional(_ arguments: [String: JSONValue], _ key: String) -> PythonValue? {
        guard let v = Memory.argument(arguments, key) else { return nil }
        if case .string(let s) = v { return .str(s) }
        return PythonValue(json: v)
    }

    /// `value.replace("_memory", "")` on the `memory_type` argument; a non-string has no `replace`.
    static func strippedType(_ value: PythonValue) throws -> String {
        guard case .str(let text) = value else {
            throw ToolFailure(kind: .unexpected, message: "'\(value.pythonTypeName)' object has no attribute 'replace'")
        }
        return PythonText.removingAll("_memory", from: text)
    }

    /// Mem-α's check that a list type is on.
    func ensureEnabled(_ type: MemoryType) throws {
        guard isEnabled(type) else {
            throw ToolFailure(kind: .invalidValue, message: "\(type.rawValue) memory is turned off in this run")
        }
    }

    func ensureCoreAvailable() throws {
        guard core != nil else {
            throw ToolFailure(kind: .invalidValue, message: "core memory is not part of this run (it was excluded)")
        }
    }

    // MARK: - The tools

    typealias Done = (ToolResult.Outcome, ToolResult.Status, String?, MemoryType?)

    mutating func insert(_ arguments: [String: JSONValue], assignedId: String?) throws -> Done {
        // The tool asserts the type before anything else; a failed assert has an empty message.
        let type = try Memory.assertedListType(arguments)
        let content = try Memory.requiredText(arguments, "content")
        try ensureEnabled(type)
        let s = Memory.storeIndex(type)
        // Analysed first: the analysis hashes the content for the duplicate check on the way (a skipped insert's
        // analysis only leaves words in the lexicon, which no result depends on).
        let (tokens, hash, length) = analyzeItem(content)
        let entry = stores[s].contentEntry(content, hash: hash)
        if stores[s].isStored(contentEntry: entry) { return (.skipped(type), .skipped, nil, type) }
        let id = assignedId ?? generateId(for: type)
        appendAnalyzed(store: s, id: id, content: content, tokens: tokens, length: length, contentEntry: entry)
        return (.inserted(id: id, content: content), .ok, id, type)
    }

    mutating func update(_ arguments: [String: JSONValue]) throws -> Done {
        let type: MemoryType
        if case .string("core_memory")? = Memory.argument(arguments, "memory_type") {
            type = .core
        } else {
            type = try Memory.assertedListType(arguments)
        }
        let newContent = try Memory.requiredText(arguments, "new_content")
        if type == .core {
            try ensureCoreAvailable()
            setCore(newContent)
            return (.updatedCore(core ?? ""), .ok, nil, .core)
        }
        try ensureEnabled(type)
        let s = Memory.storeIndex(type)
        let idValue = Memory.argument(arguments, "memory_id")
        guard case .string(let id)? = idValue, let slot = stores[s].findSlot(of: id) else {
            // Mem-α looks the id up in its embedding list after the (no-op) replacement: list.index raises.
            let shown = idValue.map { PythonValue(json: $0) } ?? PythonValue.none
            throw ToolFailure(kind: .invalidValue, message: "\(shown.repr) is not in list")
        }
        replaceItem(store: s, slot: slot, content: newContent)
        return (.updated(id: id, content: newContent), .ok, id, type)
    }

    mutating func delete(_ arguments: [String: JSONValue]) throws -> Done {
        // No assert here: any spelling that strips to a type name works, as in Mem-α.
        let typeText = try Memory.strippedTypeText(arguments)
        switch typeText {
        case "core":
            try ensureCoreAvailable()
            core = ""
            coreTokens = 0
            return (.deleted, .ok, nil, .core)
        case "semantic", "episodic":
            let type: MemoryType = typeText == "semantic" ? .semantic : .episodic
            try ensureEnabled(type)
            let s = Memory.storeIndex(type)
            // An unknown id still succeeds (Mem-α catches the lookup error and only prints a warning).
            if case .string(let id)? = Memory.argument(arguments, "memory_id"),
               let slot = stores[s].findSlot(of: id) {
                stores[s].remove(slot: slot)
                return (.deleted, .ok, id, type)
            }
            return (.deleted, .ok, nil, type)
        default:
            throw ToolFailure(kind: .unexpected,
                              message: "'Memory' object has no attribute \(PythonText.repr(typeText))")
        }
    }

    mutating func search(_ arguments: [String: JSONValue]) throws -> Done {
        let typeText = try Memory.strippedTypeText(arguments)
        let queryValue = try Memory.required(arguments, "query")
        let method = Memory.optional(arguments, "search_method") ?? .str("bm25")
        if typeText == "core" {
            throw ToolFailure(kind: .invalidValue, message: "core memory cannot be searched: it is always shown whole")
        }
        guard typeText == "semantic" || typeText == "episodic" else {
            throw ToolFailure(kind: .invalidValue,
                message: "memory_type \(PythonText.repr(typeText)) cannot be searched; use semantic or episodic")
        }
        let type: MemoryType = typeText == "semantic" ? .semantic : .episodic
        try ensureEnabled(type)
        guard case .str(let query) = queryValue else {
            throw ToolFailure(kind: .unexpected,
                              message: "'\(queryValue.pythonTypeName)' object has no attribute 'strip'")
        }
        var hits: [SearchHit] = []
        let s = Memory.storeIndex(type)
        if stores[s].count > 0 && !query.unicodeScalars.allSatisfy(PythonText.isSpace) {
            if PythonText.hasWordCharacter(query) {
                guard let ranked = ranked(store: s, query: query, limit: Memory.searchTopK, minimumScore: 0) else {
                    // rank_bm25 divides by the vocabulary size, which is zero when no item has a word character.
                    throw ToolFailure(kind: .unexpected, message: "division by zero")
                }
                hits.reserveCapacity(ranked.count)
                for (slot, score) in ranked {
                    guard let entry = stores[s].liveEntry(slot) else { continue }
                    var hit = SearchHit(id: entry.id, content: entry.content, score: score)
                    hit.slot = slot
                    hit.tokens = entry.tokens
                    hits.append(hit)
                }
            }
        }
        return (.searched(hits, method: method), .ok, nil, type)
    }

    /// Writes the core paragraph, truncating it word by word to the token limit as Mem-α does.
    mutating func setCore(_ text: String) {
        let limit = configuration.coreTokenLimit
        let count = countTokens(text)
        guard count > limit else {
            core = text
            coreTokens = count
            return
        }
        let target = limit - countTokens(Memory.truncationMarker)
        let words = PythonText.splitWhitespace(text)
        // Mem-α drops the last word until the joined text fits, starting from all words but the last, and keeps
        // the text whole if it has no words. Token counts of "w1 … wk" never fall as k grows (each joined word
        // only adds pieces), so the largest fitting k is found by binary search instead of one count per word.
        let kept: String
        if words.isEmpty {
            kept = text
        } else {
            var low = 0
            var high = words.count - 1
            while low < high {
                let mid = (low + high + 1) / 2
                if countTokens(words[0..<mid].joined(separator: " ")) <= target { low = mid } else { high = mid - 1 }
            }
            kept = words[0..<low].joined(separator: " ")
        }
        core = kept + Memory.truncationMarker
        coreTokens = countTokens(core ?? "")
    }
}

extension PythonValue {
    /// Python's type name, for AttributeError messages.
    var pythonTypeName: String {
        switch self {
        case .str: return "str"
        case .int: return "int"
        case .float: return "float"
        case .bool: return "bool"
        case .none: return "NoneType"
        case .list: return "list"
        case .tuple: return "tuple"
        case .dict: return "dict"
        }
    }
}

extension PythonText {
    /// Python's `text.replace(pattern, "")`: every non-overlapping occurrence, left to right.
    package static func removingAll(_ pattern: String, from text: String) -> String {
        let p = Array(pattern.utf8)
        let t = Array(text.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < t.count {
            if i + p.count <= t.count && Array(t[i..<(i + p.count)]) == p {
                i += p.count
            } else {
                out.append(t[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
