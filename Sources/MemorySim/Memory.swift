@_spi(Hot) import Tokenizer

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
    var lexicon = Lexicon()
    /// The distinct terms with their frequencies of the last analysed item (the first `entryCount`).
    var entryScratch: [UInt64] = []
    var entryCount = 0
    /// While a ``CallPipeline`` runs this memory: the thread analysing its calls ahead (which then holds the
    /// lexicon), and the index of the call being executed.
    var ahead: Lookahead?
    var aheadCall = 0
    /// The calls the thread had prepared when last asked (its `produced` counter, read again only when reached).
    var aheadReady = 0

    /// One list (semantic or episodic) with its search index, stored by slot (slot order is list order).
    ///
    /// Ids and contents are found through byte tables, and items sharing an id are chained slot to slot, so that
    /// writes allocate nothing per item beyond the strings the caller passed in.
    struct Store: Sendable {
        /// Per slot: id, content (both emptied once removed) and o200k count.
        var ids: [String] = []
        var contents: [String] = []
        var itemTokens: [Int32] = []
        /// Id bytes → entry; per entry the first and last live slot with that id (-1 when none).
        var idTable = ByteTable(initialSlots: 4096)
        var idFirst: [Int32] = []
        var idLast: [Int32] = []
        /// Per slot: its id entry and the previous and next live slots with the same id (-1 at the ends).
        var slotIdEntry: [Int32] = []
        var previousSameId: [Int32] = []
        var nextSameId: [Int32] = []
        /// The contents held, each with the number of live items holding exactly it; per slot, its entry.
        var contentSet = ContentSet()
        var slotContentEntry: [Int32] = []
        var index = BM25Index()
        var tokens = 0
        var count = 0

        /// The slot Mem-α's tools act on for `id`: the first live item with it.
        func firstSlot(of id: String) -> Int? { firstLiveSlot(idEntry: idTable.index(of: id)) }

        /// ``firstSlot(of:)`` through mutable access, which spares a copy of the store when it sits in an array.
        /// The lookup comes first on its own: as the argument of a call on `self` it ran while `self` was being
        /// read, so the whole store (some twenty arrays) was copied and released on every update and delete.
        mutating func findSlot(of id: String) -> Int? {
            let entry = idTable.lookup(id)
            return firstLiveSlot(idEntry: entry)
        }

        /// The first live slot of an id's chain, if the id is known and has one.
        func firstLiveSlot(idEntry entry: Int?) -> Int? {
            guard let entry, idFirst[entry] >= 0 else { return nil }
            return Int(idFirst[entry])
        }

        /// ``entry(_:)`` through mutable access.
        mutating func liveEntry(_ slot: Int) -> (id: String, content: String, tokens: Int)? { entry(slot) }

        /// Whether `slot` holds a live item.
        func isLive(_ slot: Int) -> Bool { index.isLive(slot) }

        /// The live item in `slot`.
        func entry(_ slot: Int) -> (id: String, content: String, tokens: Int)? {
            guard slot >= 0 && slot < ids.count && index.isLive(slot) else { return nil }
            return (ids[slot], contents[slot], Int(itemTokens[slot]))
        }

        /// The content set's entry for `content` (whose bytes hash to `hash`), added with no live item when new:
        /// the insert tool checks it for a duplicate and then appends with it.
        mutating func contentEntry(_ content: String, hash: UInt64) -> Int { contentSet.entry(content, hash: hash) }

        /// Whether a live item holds the content of `entry`.
        func isStored(contentEntry entry: Int) -> Bool { contentSet.live[entry] > 0 }

        mutating func append(id: String, content: String, tokens entryTokens: Int,
                             terms: UnsafeBufferPointer<UInt64>, length: Int, contentEntry c: Int) {
            let slot = index.append(terms: terms, length: length)
            precondition(slot == ids.count, "index and entries out of step")
            ids.append(id)
            contents.append(content)
            itemTokens.append(Int32(entryTokens))
            let e = idTable.insert(id, value: 0)
            if e == idFirst.count {
                idFirst.append(-1)
                idLast.append(-1)
            }
            slotIdEntry.append(Int32(e))
            previousSameId.append(idLast[e])
            nextSameId.append(-1)
            if idLast[e] >= 0 { nextSameId[Int(idLast[e])] = Int32(slot) } else { idFirst[e] = Int32(slot) }
            idLast[e] = Int32(slot)
            contentSet.live[c] += 1
            slotContentEntry.append(Int32(c))
            tokens += entryTokens
            count += 1
        }

        mutating func replace(slot: Int, content: String, tokens entryTokens: Int,
                              terms: UnsafeBufferPointer<UInt64>, length: Int, contentHash: UInt64) {
            guard index.isLive(slot) else { return }
            contentSet.live[Int(slotContentEntry[slot])] -= 1
            index.replace(slot, terms: terms, length: length)
            contents[slot] = content
            let c = contentSet.entry(content, hash: contentHash)
            contentSet.live[c] += 1
            slotContentEntry[slot] = Int32(c)
            tokens += entryTokens - Int(itemTokens[slot])
            itemTokens[slot] = Int32(entryTokens)
        }

        mutating func remove(slot: Int) {
            guard index.isLive(slot) else { return }
            contentSet.live[Int(slotContentEntry[slot])] -= 1
            index.remove(slot)
            // Unlink the slot from its id's chain.
            let e = Int(slotIdEntry[slot])
            let previous = previousSameId[slot]
            let next = nextSameId[slot]
            if previous >= 0 { nextSameId[Int(previous)] = next } else { idFirst[e] = next }
            if next >= 0 { previousSameId[Int(next)] = previous } else { idLast[e] = previous }
            ids[slot] = ""
            contents[slot] = ""
            tokens -= Int(itemTokens[slot])
            itemTokens[slot] = 0
            count -= 1
        }

        /// The live entries in list order.
        var liveEntries: [(id: String, content: String)] {
            (0..<ids.count).compactMap { index.isLive($0) ? (ids[$0], contents[$0]) : nil }
        }
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
        for item in state.semantic { appendItem(store: 0, id: item.id, content: item.content) }
        for item in state.episodic { appendItem(store: 1, id: item.id, content: item.content) }
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

    /// Analyses an item's content: its token count with Mem-α's rules, the hash of its bytes (for
    /// ``ContentSet``) and its length in search terms, with its distinct terms in `entryScratch[0 ..< entryCount]`.
    mutating func analyzeItem(_ content: String) -> (tokens: Int, hash: UInt64, length: Int) {
        if ahead != nil, let prepared = preparedItem(content) { return prepared }
        entryScratch.growScratch(to: Lexicon.termBound(content.utf8.count))
        let (tokens, hash, length, distinct) = entryScratch.withUnsafeMutableBufferPointer { entries in
            lexicon.analyzeItem(content, encoding: encoding,
                                specialTokenTextCountsZero: configuration.specialTokenTextCountsZero,
                                entries: entries.baseAddress!)
        }
        entryCount = distinct
        return (tokens, hash, length)
    }

    /// Appends an item to a list.
    mutating func appendItem(store s: Int, id: String, content: String) {
        let (tokens, hash, length) = analyzeItem(content)
        appendAnalyzed(store: s, id: id, content: content, tokens: tokens, length: length,
                       contentEntry: stores[s].contentEntry(content, hash: hash))
    }

    /// Appends the item whose content was analysed last (``analyzeItem(_:)``), with its content set entry.
    mutating func appendAnalyzed(store s: Int, id: String, content: String, tokens: Int, length: Int,
                                 contentEntry: Int) {
        entryScratch.withUnsafeBufferPointer { entries in
            stores[s].append(id: id, content: content, tokens: tokens,
                             terms: UnsafeBufferPointer(rebasing: entries[0..<entryCount]), length: length,
                             contentEntry: contentEntry)
        }
    }

    /// Replaces the content of the item in `slot`.
    mutating func replaceItem(store s: Int, slot: Int, content: String) {
        let (tokens, hash, length) = analyzeItem(content)
        entryScratch.withUnsafeBufferPointer { entries in
            stores[s].replace(slot: slot, content: content, tokens: tokens,
                              terms: UnsafeBufferPointer(rebasing: entries[0..<entryCount]), length: length,
                              contentHash: hash)
        }
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
            if store.firstSlot(of: id) == nil { return id }
        }
    }
}
