import JSONLines
import Testing
@testable import MemorySim

/// A ``CallPipeline`` (texts analysed ahead on a second thread) against ``Memory/execute(_:)`` call by call: the
/// same result for every call, the same size after every call, the same final memory and the same searches
/// after.
@Suite struct CallPipelineTests {
    static let words = [
        "the", "a", "of", "Paris", "paris", "river", "Σίσυφος", "ΣΊΣΥΦΟΣ", "naïve", "東京", "x_y", "don't", "2024-01-03",
        "12345", "café", "(memory)", "\"quoted\"", "new\nline", "kaloven", "mirtas", "ß", "İstanbul", "<|endoftext|>",
        "zorquiban", "emoji 🧠",
    ]

    /// Mixed calls: inserts (some duplicates, some with logged ids), list and core updates (some over the core
    /// limit), deletes (some of unknown ids), searches, and failing calls of every kind.
    static func calls(count: Int, seed: UInt64) -> [ToolCall] {
        var g = StoreModelTests.Generator(state: seed)
        var ids: [String] = []
        var calls: [ToolCall] = []
        func sentence() -> String {
            (0..<(1 + g.below(14))).map { _ in words[g.below(words.count)] }.joined(separator: " ")
        }
        while calls.count < count {
            let type: JSONValue = g.below(3) == 0 ? "episodic_memory" : "semantic_memory"
            switch g.below(20) {
            case 0..<8:
                let id = g.below(4) == 0 ? nil : "m\(calls.count)"
                if let id { ids.append(id) }
                let content: JSONValue = g.below(25) == 0 ? .int(Int64(g.below(100))) : .string(sentence())
                calls.append(ToolCall(name: "new_memory_insert", arguments: ["memory_type": type, "content": content],
                                      assignedId: id))
            case 8:
                // An exact duplicate of an earlier insert, or the same content as text arguments.
                if let earlier = calls.last(where: { $0.name == "new_memory_insert" }) {
                    calls.append(ToolCall(name: earlier.name, arguments: earlier.arguments))
                }
            case 9, 10:
                let id = ids.isEmpty || g.below(6) == 0 ? "nope" : ids[g.below(ids.count)]
                calls.append(ToolCall(name: "memory_update", arguments: [
                    "memory_type": type, "new_content": .string(sentence()), "memory_id": .string(id)]))
            case 11:
                let text = g.below(3) == 0 ? String(repeating: "zorquiban kaloven ", count: 400) : sentence()
                calls.append(ToolCall(name: "memory_update", arguments: [
                    "memory_type": "core_memory", "new_content": .string(text)]))
            case 12:
                let id = ids.isEmpty || g.below(5) == 0 ? "gone" : ids[g.below(ids.count)]
                calls.append(ToolCall(name: "memory_delete", arguments: ["memory_type": type,
                                                                         "memory_id": .string(id)]))
            case 13..<17:
                calls.append(ToolCall(name: "search_memory", arguments: ["memory_type": type,
                                                                         "query": .string(sentence())]))
            case 17:
                calls.append(ToolCall(name: "new_memory_insert", arguments: .text(
                    "{\"memory_type\": \"semantic_memory\", \"content\": \"text form \(g.below(50)) kaloven\"}")))
            case 18:
                calls.append(ToolCall(name: "search_memory", arguments: ["memory_type": "core_memory", "query": "x"]))
            default:
                let bad: [ToolCall] = [
                    ToolCall(name: "memory_erase", arguments: ["memory_type": type]),
                    ToolCall(name: "new_memory_insert", arguments: ["memory_type": "semantic", "content": "x"]),
                    ToolCall(name: "new_memory_insert", arguments: ["memory_type": type]),
                    ToolCall(name: "search_memory", arguments: ["memory_type": type, "query": 7]),
                    ToolCall(name: "memory_update", arguments: .text("not json at all")),
                ]
                calls.append(bad[g.below(bad.count)])
            }
        }
        return calls
    }

    static func serial(_ calls: [ToolCall], _ configuration: Memory.Configuration) throws
        -> (results: [ToolResult], sizes: [Int], memory: Memory)
    {
        var memory = try Memory(configuration: configuration)
        var results: [ToolResult] = []
        var sizes: [Int] = []
        for call in calls {
            results.append(memory.execute(call))
            sizes.append(memory.totalTokens)
        }
        return (results, sizes, memory)
    }

    static let configurations: [Memory.Configuration] = [
        Memory.Configuration(),
        Memory.Configuration(disabled: [.episodic]),
        Memory.Configuration(disabled: [.core, .semantic], specialTokenTextCountsZero: false),
    ]

    @Test(arguments: [(1500, 0), (3000, 1), (200, 2)])
    func pipelineMatchesSerialExecution(count: Int, configurationIndex: Int) throws {
        let configuration = CallPipelineTests.configurations[configurationIndex]
        let calls = CallPipelineTests.calls(count: count, seed: UInt64(count))
        let expected = try CallPipelineTests.serial(calls, configuration)
        var pipeline = CallPipeline(memory: try Memory(configuration: configuration), calls: calls)
        let threaded = CallPipeline.processors >= 2
        let lookingAtStart = pipeline.isLookingAhead
        #expect(lookingAtStart == threaded)
        for (k, call) in calls.enumerated() {
            let result = pipeline.execute(call)
            let size = pipeline.totalTokens
            #expect(result == expected.results[k], "call \(k): \(call)")
            #expect(size == expected.sizes[k], "size after call \(k)")
        }
        // Every call was the planned one, so the look-ahead ran to the end.
        let lookingAtEnd = pipeline.isLookingAhead
        #expect(lookingAtEnd == threaded)
        var memory = pipeline.finish()
        var reference = expected.memory
        #expect(memory.state == reference.state)
        // The lexicon came back: searches after the run agree too.
        for query in ["paris river", "kaloven mirtas the", "東京 café", "zorquiban"] {
            for type in [MemoryType.semantic, .episodic] where configuration.disabled.isDisjoint(with: [type]) {
                let call = ToolCall(name: "search_memory", arguments: [
                    "memory_type": .string(type.rawValue + "_memory"), "query": .string(query)])
                #expect(memory.execute(call) == reference.execute(call))
            }
        }
    }

    /// The thread's choice of who counts new words changes nothing: with the thread never counting a segment it
    /// has not seen (the memory counts those texts) and always counting, every result and size matches.
    @Test(arguments: [Lookahead.NewSegments.never, .always])
    func countsLeftToTheMemoryMatch(_ newSegments: Lookahead.NewSegments) throws {
        let calls = CallPipelineTests.calls(count: 1200, seed: 21)
        let expected = try CallPipelineTests.serial(calls, Memory.Configuration())
        var pipeline = CallPipeline(memory: try Memory(), calls: calls, lookahead: true, newSegments: newSegments)
        for (k, call) in calls.enumerated() {
            let result = pipeline.execute(call)
            let size = pipeline.totalTokens
            #expect(result == expected.results[k], "call \(k)")
            #expect(size == expected.sizes[k], "size after call \(k)")
        }
        var memory = pipeline.finish()
        var reference = expected.memory
        #expect(memory.state == reference.state)
        // Segments the thread left uncounted are counted when seen again after the run.
        for call in CallPipelineTests.calls(count: 200, seed: 22) {
            #expect(memory.execute(call) == reference.execute(call))
            #expect(memory.totalTokens == reference.totalTokens)
        }
    }

    /// A call other than the planned one ends the look-ahead; every result still matches serial execution,
    /// including calls past the end of the plan.
    @Test func unplannedCallsEndTheLookahead() throws {
        let calls = CallPipelineTests.calls(count: 600, seed: 9)
        var executed = calls
        executed.remove(at: 300)
        executed.insert(ToolCall(name: "new_memory_insert", arguments: ["memory_type": "semantic_memory",
                                                                        "content": "an unplanned kaloven"]), at: 100)
        executed += CallPipelineTests.calls(count: 100, seed: 10)
        let expected = try CallPipelineTests.serial(executed, Memory.Configuration())
        var pipeline = CallPipeline(memory: try Memory(), calls: calls)
        for (k, call) in executed.enumerated() {
            let result = pipeline.execute(call)
            #expect(result == expected.results[k], "call \(k)")
            if k == 99 {
                let looking = pipeline.isLookingAhead
                #expect(looking == (CallPipeline.processors >= 2))
            }
        }
        let looking = pipeline.isLookingAhead
        #expect(!looking)
        let state = pipeline.finish().state
        #expect(state == expected.memory.state)
    }

    /// A pipeline dropped part-way stops its thread; one with the look-ahead off runs as plain calls.
    @Test func droppedAndSerialPipelines() throws {
        let calls = CallPipelineTests.calls(count: 2500, seed: 11)
        do {
            var pipeline = CallPipeline(memory: try Memory(), calls: calls)
            for call in calls.prefix(10) { _ = pipeline.execute(call) }
        }
        let expected = try CallPipelineTests.serial(calls, Memory.Configuration())
        var pipeline = CallPipeline(memory: try Memory(), calls: calls, lookahead: false)
        let looking = pipeline.isLookingAhead
        #expect(!looking)
        for (k, call) in calls.enumerated() {
            let result = pipeline.execute(call)
            #expect(result == expected.results[k])
        }
        let state = pipeline.finish().state
        #expect(state == expected.memory.state)
    }
}
