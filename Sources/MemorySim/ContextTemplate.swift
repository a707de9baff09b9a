import JSONLines

/// The wording of the QA context that a reader model sees: memkit's own, replaceable from a JSON file.
///
/// Placeholders: in `document`, `{{core}}`, `{{semantic}}` and `{{episodic}}` receive the rendered blocks (the
/// core block is empty when core is empty); in `core`, `{{content}}`; in `list`, `{{type}}` and `{{items}}`;
/// in `item`, `{{n}}` (1-based rank) and `{{content}}`; `empty` stands for a list with no items.
public struct ContextTemplate: Sendable, Equatable {
    /// The whole context.
    public var document: String
    /// The core block.
    public var core: String
    /// A semantic or episodic block.
    public var list: String
    /// One item of a list, in BM25 rank order (ids are not shown, as in Mem-α's QA server).
    public var item: String
    /// The body of a list block with no items.
    public var empty: String

    /// Creates a template.
    public init(document: String, core: String, list: String, item: String, empty: String) {
        self.document = document
        self.core = core
        self.list = list
        self.item = item
        self.empty = empty
    }

    /// memkit's default wording.
    public static let standard = ContextTemplate(
        document: """
            Below is what has been kept in memory. Answer the question from it; if it does not hold the answer, \
            say that it is not known.

            {{core}}{{semantic}}

            {{episodic}}
            """,
        core: "<core_memory>\n{{content}}\n</core_memory>\n\n",
        list: "<{{type}}_memory>\n{{items}}\n</{{type}}_memory>",
        item: "{{n}}. {{content}}",
        empty: "(nothing stored)")

    /// Reads a template from a JSON object with the keys `document`, `core`, `list`, `item` and `empty`; a key
    /// that is absent keeps the standard wording.
    public init(json: JSONValue) throws(MemorySimError) {
        guard let o = json.objectValue else {
            throw MemorySimError(.invalidState, "a context template must be a JSON object")
        }
        func field(_ key: String, _ fallback: String) throws(MemorySimError) -> String {
            guard let v = o[key] else { return fallback }
            guard let s = v.stringValue else {
                throw MemorySimError(.invalidState, "context template field '\(key)' must be a string")
            }
            return s
        }
        let standard = ContextTemplate.standard
        for key in o.keys where !["document", "core", "list", "item", "empty"].contains(key) {
            throw MemorySimError(.invalidState, "unknown context template field '\(key)'")
        }
        self.init(document: try field("document", standard.document), core: try field("core", standard.core),
                  list: try field("list", standard.list), item: try field("item", standard.item),
                  empty: try field("empty", standard.empty))
    }
}

/// The context assembled for one question.
public struct QAContext: Sendable, Equatable {
    /// The rendered text.
    public var text: String
    /// Its length in o200k tokens.
    public var tokens: Int
    /// The per-type top-k that fitted the budget.
    public var topK: Int
    /// The semantic items shown, in rank order.
    public var semantic: [Memory.SearchHit]
    /// The episodic items shown, in rank order.
    public var episodic: [Memory.SearchHit]

    /// The ids of the semantic items shown, in rank order.
    public var semanticIds: [String] { semantic.map(\.id) }
    /// The ids of the episodic items shown, in rank order.
    public var episodicIds: [String] { episodic.map(\.id) }
}

extension Memory {
    /// Assembles what a reader sees for `question`, as Mem-α's QA server does: core (when not blank) plus the
    /// BM25 top-k semantic and top-k episodic items (no score threshold), with k lowered one step at a time while
    /// the text exceeds `tokenBudget` (and k > 1).
    ///
    /// The result equals that loop's, but k is found from the cached item counts and checked with one to three
    /// exact counts, instead of one count per step. Mem-α measures the budget with the Qwen3-32B tokenizer;
    /// memkit uses o200k_base, its one tokenizer.
    /// - Complexity: two BM25 searches plus a few o200k counts of the context.
    public mutating func qaContext(question: String, topK: Int = 20, tokenBudget: Int = 30_000,
                                   template: ContextTemplate = .standard) -> QAContext {
        precondition(topK >= 1, "topK must be at least 1")
        let semantic = search(.semantic, query: question, limit: topK, minimumScore: nil)
        let episodic = search(.episodic, query: question, limit: topK, minimumScore: nil)
        // Every k from the longest list's length up to topK renders the same text.
        let full = max(1, min(topK, max(semantic.count, episodic.count)))
        var exact: [Int: QAContext] = [:]
        func context(_ k: Int) -> QAContext {
            if let known = exact[k] { return known }
            let s = Array(semantic.prefix(k)), e = Array(episodic.prefix(k))
            let text = render(semantic: s, episodic: e, template: template)
            let made = QAContext(text: text, tokens: encoding.count(text, cache: &tokenCache), topK: k, semantic: s,
                                 episodic: e)
            exact[k] = made
            return made
        }
        var whole = context(full)
        if whole.tokens <= tokenBudget || full == 1 {
            whole.topK = whole.tokens <= tokenBudget ? topK : 1
            return whole
        }
        // Estimate each k from the item counts plus the overhead measured at `full`, then walk to the exact answer.
        func items(_ k: Int) -> Int {
            semantic.prefix(k).reduce(0) { $0 + $1.tokens } + episodic.prefix(k).reduce(0) { $0 + $1.tokens }
        }
        let overhead = Double(whole.tokens - items(full)) / Double(full)
        var k = full - 1
        while k > 1 && Double(items(k)) + overhead * Double(k) > Double(tokenBudget) { k -= 1 }
        if context(k).tokens <= tokenBudget {
            while k + 1 < full && context(k + 1).tokens <= tokenBudget { k += 1 }
        } else {
            while k > 1 && context(k).tokens > tokenBudget { k -= 1 }
        }
        return context(k)
    }

    func render(semantic: [SearchHit], episodic: [SearchHit], template: ContextTemplate) -> String {
        func block(_ type: MemoryType, _ hits: [SearchHit]) -> String {
            guard isEnabled(type) else { return "" }
            let items = hits.isEmpty
                ? template.empty
                : hits.enumerated().map { n, hit in
                    template.item.replacingPlaceholders(["n": String(n + 1), "content": hit.content])
                }.joined(separator: "\n")
            return template.list.replacingPlaceholders(["type": type.rawValue, "items": items])
        }
        let trimmedCore = (core ?? "").unicodeScalars.allSatisfy(PythonText.isSpace)
        let coreBlock = trimmedCore ? "" : template.core.replacingPlaceholders(["content": core ?? ""])
        return template.document.replacingPlaceholders([
            "core": coreBlock, "semantic": block(.semantic, semantic), "episodic": block(.episodic, episodic),
        ])
    }
}

extension String {
    /// Replaces each `{{name}}` with its value in one left-to-right pass (values are not re-scanned).
    func replacingPlaceholders(_ values: [String: String]) -> String {
        var out = ""
        var rest = self[...]
        while let open = rest.range(of: "{{") {
            out += rest[..<open.lowerBound]
            let after = rest[open.upperBound...]
            guard let close = after.range(of: "}}") else {
                rest = rest[open.lowerBound...]
                break
            }
            let name = String(after[..<close.lowerBound])
            if let value = values[name] { out += value } else { out += "{{" + name + "}}" }
            rest = after[close.upperBound...]
        }
        out += rest
        return out
    }
}
