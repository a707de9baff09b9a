import JSONLines
import Testing
import Tokenizer
@testable import MemorySim

@Suite struct MemoryTests {
    func insert(_ memory: inout Memory, _ type: String, _ content: String, id: String? = nil) -> ToolResult {
        memory.execute(ToolCall(name: "new_memory_insert", arguments: ["memory_type": .string(type),
                                                                       "content": .string(content)], assignedId: id))
    }

    @Test func generatedIdsAreDeterministicHexAndNeverCollide() throws {
        var a = try Memory(configuration: .init(idSeed: 7))
        var b = try Memory(configuration: .init(idSeed: 7))
        var ids = Set<String>()
        for i in 0..<3000 {
            let ra = insert(&a, "semantic_memory", "fact \(i)")
            let rb = insert(&b, "semantic_memory", "fact \(i)")
            #expect(ra.memoryId == rb.memoryId)
            let id = ra.memoryId ?? ""
            #expect(id.count == 4 && id.allSatisfy(\.isHexDigit) && id == id.lowercased())
            #expect(ids.insert(id).inserted, "collision on \(id)")
        }
        var c = try Memory(configuration: .init(idSeed: 8))
        #expect(insert(&c, "semantic_memory", "fact 0").memoryId != a.items(.semantic)[0].id)
    }

    @Test func replayUsesTheLoggedIdEvenIfItRepeats() throws {
        var memory = try Memory()
        _ = insert(&memory, "episodic_memory", "first", id: "ab12")
        _ = insert(&memory, "episodic_memory", "second", id: "ab12")
        #expect(memory.items(.episodic).map(\.id) == ["ab12", "ab12"])
        // Mem-α acts on the first item with the id.
        _ = memory.execute(ToolCall(name: "memory_update", arguments: ["memory_type": "episodic_memory",
                                                                       "new_content": "changed", "memory_id": "ab12"]))
        #expect(memory.items(.episodic).map(\.content) == ["changed", "second"])
        _ = memory.execute(ToolCall(name: "memory_delete", arguments: ["memory_type": "episodic_memory",
                                                                       "memory_id": "ab12"]))
        #expect(memory.items(.episodic).map(\.content) == ["second"])
    }

    @Test func duplicatesAreExactScalarMatches() throws {
        var memory = try Memory()
        #expect(insert(&memory, "semantic_memory", "café").status == .ok)
        #expect(insert(&memory, "semantic_memory", "cafe\u{301}").status == .ok)  // canonically equal, not equal in Python
        #expect(insert(&memory, "semantic_memory", "café").status == .skipped)
    }

    @Test func duplicatesOfLongWordsAreFound() throws {
        // Words past the segment memo's short keys (17-64 bytes) and past its longest segment (over 64 bytes) hash
        // by their bytes; the duplicate check must still find them, and only them.
        var memory = try Memory()
        for word in [String(repeating: "k", count: 40), String(repeating: "q", count: 100)] {
            #expect(insert(&memory, "semantic_memory", "a \(word) b").status == .ok)
            #expect(insert(&memory, "semantic_memory", "a \(word) b").status == .skipped)
            #expect(insert(&memory, "semantic_memory", "a \(word)x b").status == .ok)
            #expect(insert(&memory, "semantic_memory", "a \(word) c").status == .ok)
        }
    }

    @Test func contentSetComparesBytesWhenHashesAgree() {
        var set = ContentSet()
        let a = set.entry("alpha", hash: 7)
        let b = set.entry("beta", hash: 7)
        #expect(a != b)
        #expect(set.entry("alpha", hash: 7) == a)
        #expect(set.entry("beta", hash: 7) == b)
        // Growth past the first table, with every hash shared by hundreds of contents.
        for i in 0..<3_000 { _ = set.entry("item \(i)", hash: UInt64(i % 5)) }
        #expect(set.entry("item 2999", hash: 4) == 3_001)
        #expect(set.entry("alpha", hash: 7) == a)
        #expect(set.hashes.count == 3_002)
    }

    @Test func snapshotsRoundTrip() throws {
        var memory = try Memory()
        _ = insert(&memory, "semantic_memory", "a fact")
        _ = insert(&memory, "episodic_memory", "an event")
        _ = memory.execute(ToolCall(name: "memory_update", arguments: ["memory_type": "core_memory",
                                                                       "new_content": "core text"]))
        let restored = try Memory(state: try MemoryState(json: try JSONParser.parse(memory.state.json.jsonBytes)))
        #expect(restored.state == memory.state)
        #expect(restored.totalTokens == memory.totalTokens)
    }

    @Test func disabledCoreIsAbsentFromTheState() throws {
        let memory = try Memory(configuration: .init(disabled: [.core]))
        #expect(memory.core == nil)
        #expect(memory.state.json["core"] == .null)
        #expect(!memory.isEnabled(.core) && memory.isEnabled(.semantic))
    }

    @Test func qaContextLowersTopKToFitTheBudget() throws {
        var memory = try Memory()
        for i in 0..<40 {
            _ = insert(&memory, "semantic_memory", "Orvale fact number \(i): " + String(repeating: "detail ", count: 40))
            _ = insert(&memory, "episodic_memory", "On day \(i) the user visited Orvale.")
        }
        let full = memory.qaContext(question: "What about Orvale?")
        #expect(full.topK == 20 && full.semanticIds.count == 20 && full.episodicIds.count == 20)
        let tight = memory.qaContext(question: "What about Orvale?", tokenBudget: 600)
        #expect(tight.topK < 20 && tight.tokens <= 600)
        #expect(tight.semanticIds == Array(full.semanticIds.prefix(tight.topK)))
        let tiny = memory.qaContext(question: "What about Orvale?", tokenBudget: 10)
        #expect(tiny.topK == 1)
    }

    /// The k search must give what Mem-α's loop gives: the first k, going down from topK, whose text fits.
    @Test(arguments: [50, 300, 600, 900, 1_500, 2_500, 5_000, 100_000])
    func qaContextEqualsTheStepByStepLoop(_ budget: Int) throws {
        var memory = try Memory()
        for i in 0..<30 {
            let words = String(repeating: "word\(i % 7). ", count: 5 + (i * 13) % 40)
            _ = insert(&memory, "semantic_memory", "Orvale note \(i): " + words)
            if i % 2 == 0 { _ = insert(&memory, "episodic_memory", "On day \(i) Orvale. " + words) }
        }
        let fast = memory.qaContext(question: "Orvale word3 note", tokenBudget: budget)
        let encoding = try Encoding.named(.o200kBase)
        var k = 20
        while true {
            let semantic = memory.search(.semantic, query: "Orvale word3 note", limit: k, minimumScore: nil)
            let episodic = memory.search(.episodic, query: "Orvale word3 note", limit: k, minimumScore: nil)
            let text = memory.render(semantic: semantic, episodic: episodic, template: .standard)
            if encoding.count(text) <= budget || k <= 1 {
                #expect(fast.topK == k && fast.text == text && fast.tokens == encoding.count(text), "budget \(budget)")
                break
            }
            k -= 1
        }
    }

    @Test func qaContextRendersCoreAndListsWithACustomTemplate() throws {
        var memory = try Memory()
        _ = insert(&memory, "semantic_memory", "Tea is from China.")
        let template = try ContextTemplate(json: try JSONParser.parse(
            ##"{"document": "[{{core}}|{{semantic}}|{{episodic}}]", "core": "C={{content}}", "list": "{{type}}:{{items}}", "item": "#{{n}} {{content}}", "empty": "-"}"##))
        #expect(memory.qaContext(question: "tea", template: template).text == "[|semantic:#1 Tea is from China.|episodic:-]")
        _ = memory.execute(ToolCall(name: "memory_update", arguments: ["memory_type": "core_memory", "new_content": "Likes tea"]))
        #expect(memory.qaContext(question: "tea", template: template).text.hasPrefix("[C=Likes tea|"))
        #expect(throws: MemorySimError.self) { try ContextTemplate(json: ["docment": "typo"]) }
        let standard = memory.qaContext(question: "tea").text
        #expect(standard.contains("<core_memory>\nLikes tea\n</core_memory>"))
        #expect(standard.contains("<semantic_memory>\n1. Tea is from China.\n</semantic_memory>"))
    }

    @Test func searchWithoutThresholdKeepsNegativeScores() throws {
        var memory = try Memory()
        _ = insert(&memory, "semantic_memory", "green tea")
        #expect(memory.search(.semantic, query: "green").isEmpty)  // the tool drops the negative score
        let all = memory.search(.semantic, query: "green", limit: nil, minimumScore: nil)
        #expect(all.count == 1 && all[0].score < 0)
    }

    @Test(arguments: [
        (0.1, "0.1"), (1e16, "1e+16"), (1e15, "1000000000000000.0"), (0.0001, "0.0001"), (1e-05, "1e-05"),
        (-0.0, "-0.0"), (123456789.125, "123456789.125"), (Double.infinity, "inf"), (2.5e-300, "2.5e-300"),
    ])
    func floatReprMatchesPython(_ value: Double, _ expected: String) {
        #expect(PythonText.repr(value) == expected)
    }

    @Test func splitMatchesPythonWhitespace() {
        #expect(PythonText.splitWhitespace(" a\u{1C}b\u{A0}c\u{200B}d \n") == ["a", "b", "c\u{200B}d"])
        #expect(PythonText.removingAll("_memory", from: "semantic_memory_memory") == "semantic")
    }
}
