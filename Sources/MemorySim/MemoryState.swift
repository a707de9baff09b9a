import JSONLines

/// A snapshot of a three-part memory in Mem-α's `agent_state` shape.
///
/// `core` is a string (or absent when core is disabled); `semantic` and `episodic` are ordered lists of
/// `(id, content)` pairs, written as lists of one-entry `{id: content}` objects.
public struct MemoryState: Sendable, Equatable {
    /// One stored item.
    public struct Item: Sendable, Equatable {
        /// The item's id (4 hex digits in live use).
        public var id: String
        /// The stored text.
        public var content: String

        /// Creates an item.
        public init(id: String, content: String) {
            self.id = id
            self.content = content
        }
    }

    /// The core paragraph; `nil` when core memory is disabled.
    public var core: String?
    /// The semantic items, in insertion order.
    public var semantic: [Item]
    /// The episodic items, in insertion order.
    public var episodic: [Item]

    /// Creates a state.
    public init(core: String? = "", semantic: [Item] = [], episodic: [Item] = []) {
        self.core = core
        self.semantic = semantic
        self.episodic = episodic
    }

    /// The state as Mem-α's `agent_state` JSON object.
    public var json: JSONValue {
        func list(_ items: [Item]) -> JSONValue {
            .array(items.map { .object([$0.id: .string($0.content)]) })
        }
        return .object([
            "core": core.map { .string($0) } ?? .null,
            "semantic": list(semantic),
            "episodic": list(episodic),
        ])
    }

    /// Reads an `agent_state` JSON object. Each list entry must be an object with exactly one string member.
    public init(json: JSONValue) throws(MemorySimError) {
        guard let object = json.objectValue else {
            throw MemorySimError(.invalidState, "agent state must be an object, found \(json.typeName)")
        }
        switch object["core"] {
        case .none, .null?: core = nil
        case .string(let s)?: core = s
        case let other?: throw MemorySimError(.invalidState, "'core' must be a string or null, found \(other.typeName)")
        }
        func items(_ key: String) throws(MemorySimError) -> [Item] {
            guard let raw = object[key], !raw.isNull else { return [] }
            guard let list = raw.arrayValue else {
                throw MemorySimError(.invalidState, "'\(key)' must be a list, found \(raw.typeName)")
            }
            var result: [Item] = []
            for (i, entry) in list.enumerated() {
                guard let one = entry.objectValue, one.count == 1, let (id, value) = one.first,
                      let content = value.stringValue
                else {
                    throw MemorySimError(.invalidState, "'\(key)[\(i)]' must be a one-entry {id: text} object")
                }
                result.append(Item(id: id, content: content))
            }
            return result
        }
        semantic = try items("semantic")
        episodic = try items("episodic")
    }
}
