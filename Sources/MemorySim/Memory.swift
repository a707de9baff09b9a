import Tokenizer

/// Mem-α's three-part memory — a core paragraph, a semantic list and an episodic list — with its exact tool
/// semantics, incremental BM25 search and incremental token accounting.
///
/// ```swift
/// var memory = try Memory()
/// let result = memory.execute(ToolCall(name: "new_memory_insert",
///                                      arguments: ["memory_type": "semantic_memory", "content": "Paris is in France."]))
/// print(result.text)   // [tool new_memory_insert executed successfully] → {'status': 'ok', 'new_memory': {…}}
/// ```
public struct Memory: Sendable {
    /// Options that fix how the memory behaves.
    public struct Configuration: Sendable, Equatable {
        /// Memory types switched off for the run (Mem-α's `--exclude_memory`).
        public var disabled: Set<MemoryType>
        /// The largest core paragraph, in o200k tokens, before it is truncated word by word.
        public var coreTokenLimit: Int
        /// Count text containing a special token (`<|endoftext|>`, …) as 0 tokens, as Mem-α's `count_tokens` does
        /// (tiktoken refuses such text and the error is swallowed). On by default, for parity.
        public var specialTokenTextCountsZero: Bool
        /// The seed of the id generator used when a caller does not supply ids.
        public var idSeed: UInt64

        /// Creates a configuration; the defaults are Mem-α's.
        public init(disabled: Set<MemoryType> = [], coreTokenLimit: Int = 512, specialTokenTextCountsZero: Bool = true,
                    idSeed: UInt64 = 0)
        {
            self.disabled = disabled
            self.coreTokenLimit = coreTokenLimit
            self.specialTokenTextCountsZero = specialTokenTextCountsZero
            self.idSeed = idSeed
        }
    }

    /// The suffix Mem-α appends to a truncated core paragraph (an interface constant: it is stored in memory).
    public static let truncationMarker = " [content exceeds 512 tokens, truncated]"
    /// Mem-α's `TOPK` for the `search_memory` tool.
    public static let searchTopK = 20

    /// The configuration.
    public let configuration: Configuration
    let encoding: Encoding
    /// The core paragraph, or `nil` when core is disabled.
    public internal(set) var core: String?
    var coreTokens = 0
    var stores: [Store]
    var idState: UInt64
    var tokenCache = TokenCountCache()

    /// One list (semantic or episodic) with its search index.
    struct Store: Sendable {
        struct Entry: Sendable {
            var id: String
            var content: String
            var tokens: Int
        }

        /// Entries by BM25 slot; `nil` once removed. Slot order is list order.
        var entries: [Entry?] = []
        /// Live slots per id, ascending (Mem-α acts on the first list element with the id).
        var slotsById: [ExactText: [Int]] = [:]
        /// Live slots per exact content, for the duplicate check.
        var contentCount: [ExactText: Int] = [:]
        var index = BM25Index()
        var tokens = 0
        var count = 0

        func firstSlot(of id: String) -> Int? { slotsById[ExactText(id)]?.first }

        func contains(content: String) -> Bool { contentCount[ExactText(content)] != nil }

        mutating func append(id: String, content: String, tokens entryTokens: Int) {
            let slot = index.append(text: content)
            precondition(slot == entries.count, "index and entries out of step")
            entries.append(Entry(id: id, content: content, tokens: entryTokens))
            slotsById[ExactText(id), default: []].append(slot)
            contentCount[ExactText(content), default: 0] += 1
            tokens += entryTokens
            count += 1
        }

        mutating func replace(slot: Int, content: String, tokens entryTokens: Int) {
            guard let old = entries[slot] else { return }
            forget(content: old.content)
            index.replace(slot, text: content)
            entries[slot] = Entry(id: old.id, content: content, tokens: entryTokens)
            contentCount[ExactText(content), default: 0] += 1
            tokens += entryTokens - old.tokens
        }

        mutating func remove(slot: Int) {
            guard let old = entries[slot] else { return }
            forget(content: old.content)
            index.remove(slot)
            entries[slot] = nil
            let key = ExactText(old.id)
            if var slots = slotsById[key] {
                slots.removeAll { $0 == slot }
                slotsById[key] = slots.isEmpty ? nil : slots
            }
            tokens -= old.tokens
            count -= 1
        }

        mutating func forget(content: String) {
            let key = ExactText(content)
            let left = (contentCount[key] ?? 1) - 1
            contentCount[key] = left == 0 ? nil : left
        }

        /// The live entries in list order.
        var liveEntries: [Entry] { entries.compactMap { $0 } }
    }

    /// Creates an empty memory: core is `""` unless disabled.
    public init(configuration: Configuration = Configuration()) throws(TokenizerError) {
        self.configuration = configuration
        self.encoding = try Encoding.named(.o200kBase)
        self.core = configuration.disabled.contains(.core) ? nil : ""
        self.stores = [Store(), Store()]
        self.idState = configuration.idSeed
    }

    /// Creates a memory holding a snapshot (Mem-α's `agent_state`). Items keep their ids and order.
    public init(state: MemoryState, configuration: Configuration = Configuration()) throws(TokenizerError) {
        try self.init(configuration: configuration)
        if core != nil, let stateCore = state.core {
            core = stateCore
            coreTokens = countTokens(stateCore)
        }
        for item in state.semantic { stores[0].append(id: item.id, content: item.content, tokens: countTokens(item.content)) }
        for item in state.episodic { stores[1].append(id: item.id, content: item.content, tokens: countTokens(item.content)) }
    }

    /// Whether a memory type is switched on.
    public func isEnabled(_ type: MemoryType) -> Bool {
        type == .core ? core != nil : !configuration.disabled.contains(type)
    }

    static func storeIndex(_ type: MemoryType) -> Int { type == .semantic ? 0 : 1 }

    /// The items of a list type, in order.
    public func items(_ type: MemoryType) -> [MemoryState.Item] {
        guard type != .core else { return [] }
        return stores[Memory.storeIndex(type)].liveEntries.map { MemoryState.Item(id: $0.id, content: $0.content) }
    }

    /// The number of items in a list type.
    public func count(_ type: MemoryType) -> Int {
        type == .core ? 0 : stores[Memory.storeIndex(type)].count
    }

    /// A snapshot in Mem-α's `agent_state` shape.
    public var state: MemoryState {
        MemoryState(core: core, semantic: items(.semantic), episodic: items(.episodic))
    }

    /// Mem-α's `total_length()`: o200k tokens of core plus every enabled item's content (ids and tags not counted).
    /// - Complexity: O(1); counts are cached per item.
    public var totalTokens: Int {
        var total = core != nil ? coreTokens : 0
        if isEnabled(.semantic) { total += stores[0].tokens }
        if isEnabled(.episodic) { total += stores[1].tokens }
        return total
    }

    /// Token count with Mem-α's `count_tokens` rules (see ``Configuration/specialTokenTextCountsZero``).
    public mutating func countTokens(_ text: String) -> Int {
        if configuration.specialTokenTextCountsZero && encoding.containsSpecialToken(text) { return 0 }
        return encoding.count(text, cache: &tokenCache)
    }

    /// The next generated id: 4 lowercase hex digits like Mem-α's, but from a seeded generator and never one that
    /// the list already holds (Mem-α has no collision check). Once half of the 4-digit space is used, ids grow to
    /// 8 digits so that generation always ends.
    mutating func generateId(for type: MemoryType) -> String {
        let store = stores[Memory.storeIndex(type)]
        let digits = store.count < 32_768 ? 4 : 8
        while true {
            idState &+= 0x9E37_79B9_7F4A_7C15
            var z = idState
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            let hex = String(z, radix: 16)
            let padded = String(repeating: "0", count: max(0, 16 - hex.count)) + hex
            let id = String(padded.prefix(digits))
            if store.slotsById[ExactText(id)] == nil { return id }
        }
    }
}

/// A string compared and hashed by its Unicode scalars, as Python compares `str`, not by canonical equivalence
/// as Swift's `String` does ("é" precomposed and decomposed are different texts here).
package struct ExactText: Hashable, Sendable {
    let utf8: [UInt8]

    init(_ text: String) { utf8 = Array(text.utf8) }
    init(bytes: [UInt8]) { utf8 = bytes }

    /// Hashes the bytes in one call (an array of bytes would feed the hasher one byte at a time).
    package func hash(into hasher: inout Hasher) {
        utf8.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    package static func == (a: ExactText, b: ExactText) -> Bool { a.utf8 == b.utf8 }
}
