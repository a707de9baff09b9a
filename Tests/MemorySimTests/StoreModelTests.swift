import Foundation
import JSONLines
import Testing
@_spi(Hot) import Tokenizer
@testable import MemorySim

/// The memory's incremental structures (lexicon memo, id chains, content counts, BM25 postings with stale
/// versions, token totals) checked against plain recomputation after long random runs of tool calls.
@Suite struct StoreModelTests {
    /// A seeded generator for the runs (SplitMix64).
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    static let words = ["the", "a", "of", "Paris", "paris", "PARIS", "river", "rivers", "Σίσυφος", "ΣΊΣΥΦΟΣ", "naïve",
                        "naïve", "東京", "x_y", "don't", "it's", "2024-01-03", "12345", "e.g.", "café", "(memory)",
                        "\"quoted\"", "tab\there", "new\nline", "  spaced  ", "kaloven", "mirtas", "ß", "ǅ", "Ⅻ"]

    static func sentence(_ g: inout Generator) -> String {
        (0..<(1 + g.below(12))).map { _ in words[g.below(words.count)] }.joined(separator: g.below(5) == 0 ? "  " : " ")
    }

    /// rank_bm25's scores computed from scratch with the same expression, for every live item.
    static func referenceScores(_ docs: [[String]], _ query: [String]) -> [Double] {
        var df: [String: Int] = [:]
        for d in docs { for t in Set(d) { df[t, default: 0] += 1 } }
        let n = Double(docs.count)
        let avg = Double(docs.reduce(0) { $0 + $1.count }) / n
        var idfs: [String: Double] = [:]
        var sum = 0.0
        var negatives: [String] = []
        for (t, f) in df.sorted(by: { $0.value < $1.value }) {
            let v = log(n - Double(f) + 0.5) - log(Double(f) + 0.5)
            idfs[t] = v
            sum += v
            if v < 0 { negatives.append(t) }
        }
        let mean = sum / Double(df.count)
        for t in negatives { idfs[t] = 0.25 * mean }
        return docs.map { d in
            var s = 0.0
            for q in query {
                let f = Double(d.filter { $0 == q }.count)
                guard f > 0 else { continue }
                s += (idfs[q] ?? 0) * (f * 2.5 / (f + 1.5 * (1 - 0.75 + 0.75 * Double(d.count) / avg)))
            }
            return s
        }
    }

    @Test(arguments: [1, 2, 3, 4])
    func randomRunsMatchRecomputation(seed: UInt64) throws {
        var g = Generator(state: seed)
        let encoding = try Encoding.named(.o200kBase)
        var memory = try Memory()
        var model: [(id: String, content: String)] = []
        for step in 0..<600 {
            let ids = ["a1", "b2", "c3", "d4", "e5", "f6", "a1"]
            switch g.below(10) {
            case 0..<5:
                // Ids collide on purpose (Mem-α never checks), and contents repeat.
                let id = ids[g.below(ids.count)] + (g.below(3) == 0 ? "" : "\(step)")
                let reuse = g.below(4) == 0 && !model.isEmpty
                let content = reuse ? model[g.below(model.count)].content : Self.sentence(&g)
                let r = memory.execute(ToolCall(name: "new_memory_insert", arguments: [
                    "memory_type": "semantic_memory", "content": .string(content)], assignedId: id))
                if model.contains(where: { $0.content.utf8.elementsEqual(content.utf8) }) {
                    #expect(r.status == .skipped)
                } else {
                    #expect(r.status == .ok)
                    model.append((id, content))
                }
            case 5..<7:
                let id = model.isEmpty || g.below(5) == 0 ? "zz" : model[g.below(model.count)].id
                let content = Self.sentence(&g)
                let r = memory.execute(ToolCall(name: "memory_update", arguments: [
                    "memory_type": "semantic_memory", "new_content": .string(content), "memory_id": .string(id)]))
                if let k = model.firstIndex(where: { $0.id == id }) {
                    #expect(r.status == .ok)
                    model[k].content = content
                } else {
                    #expect(r.status == .error)
                }
            case 7..<9:
                let id = model.isEmpty || g.below(5) == 0 ? "zz" : model[g.below(model.count)].id
                _ = memory.execute(ToolCall(name: "memory_delete", arguments: [
                    "memory_type": "semantic_memory", "memory_id": .string(id)]))
                if let k = model.firstIndex(where: { $0.id == id }) { model.remove(at: k) }
            default:
                let query = Self.sentence(&g)
                let hits = memory.search(.semantic, query: query, limit: nil, minimumScore: nil)
                let tokens = model.map { PythonText.wordTokens($0.content) }
                guard !model.isEmpty, tokens.contains(where: { !$0.isEmpty }), PythonText.hasWordCharacter(query) else {
                    continue
                }
                let expected = Self.referenceScores(tokens, PythonText.wordTokens(query))
                let order = expected.indices.sorted {
                    expected[$0] != expected[$1] ? expected[$0] > expected[$1] : $0 < $1
                }
                #expect(hits.map(\.content) == order.map { model[$0].content }, "step \(step): \(query)")
                for (hit, k) in zip(hits, order) {
                    let want = expected[k]
                    #expect(abs(hit.score - want) <= 1e-9 * max(abs(want), 1e-12), "step \(step)")
                }
            }
            #expect(memory.items(.semantic).map(\.id) == model.map(\.id))
            #expect(memory.items(.semantic).map(\.content) == model.map(\.content))
            let total = model.reduce(0) { $0 + ($1.content.contains("<|") ? 0 : encoding.count($1.content)) }
            #expect(memory.totalTokens == total, "step \(step)")
        }
    }

    /// The lexicon's memoised counts and terms equal a fresh count and Mem-α's tokenizer, cold and warm.
    @Test func lexiconMatchesDirectAnalysis() throws {
        let encoding = try Encoding.named(.o200kBase)
        var lexicon = Lexicon()
        var g = Generator(state: 9)
        var texts = (0..<400).map { _ in Self.sentence(&g) }
        texts += ["", " ", "a", " a", "a ", "ΑΣ. x", "ΟΔΟΣ ΟΔΟΣ", "İstanbul"]
        texts.append(String(repeating: "long", count: 40) + " x")
        // Segments around the memo's inline-key limit (16 bytes) and the segment limit (64), and keys that agree
        // in their first and last eight bytes: each must keep its own count and terms.
        for n in [1, 2, 3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 23, 24, 25, 63, 64, 65] {
            for fill in ["q", "Q", "7", "_"] {
                let word = "abcdefgh" + String(repeating: fill, count: max(0, n - 16)) + "stuvwxyz"
                texts.append(String(decoding: word.utf8.prefix(n), as: UTF8.self) + " end")
                texts.append(word + " " + word)
            }
        }
        // Thousands of keys equal in length and in their first eight bytes, so that probes meet records that
        // differ only in their last bytes.
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        for k in 0..<3000 {
            let tail = [k % 26, k / 26 % 26, k / 676 % 26].map { String(letters[$0]) }.joined()
            texts.append("tokenise" + tail + " tokeniser" + tail.prefix(2) + " x")
        }
        // Lowercasing makes `İ` two characters (i and a combining dot, which is no word character), so a text of
        // them has more terms than half its bytes would suggest; one long run of them is a single segment.
        texts.append(String(repeating: "İa", count: 40))
        texts.append(String(repeating: "İ", count: 90) + " xİ İİ aİb")
        for pass in 0..<2 {
            for text in texts {
                var ids: [Int32] = []
                let tokens = lexicon.analyze(text, encoding: encoding, termIds: &ids)
                #expect(tokens == encoding.count(text), "pass \(pass): \(text.debugDescription)")
                let words = ids.map { id in String(decoding: lexicon.terms.key(Int(id)), as: UTF8.self) }
                #expect(words == PythonText.wordTokens(text), "pass \(pass): \(text.debugDescription)")
            }
        }
    }

    /// A lexicon whose segment memo starts over every few segments gives the same counts and terms.
    @Test func lexiconStartingOverKeepsCountsAndTerms() throws {
        let encoding = try Encoding.named(.o200kBase)
        var small = Lexicon(segmentCapacity: 5)
        var large = Lexicon()
        var g = Generator(state: 11)
        for _ in 0..<300 {
            let text = Self.sentence(&g)
            var a: [Int32] = []
            var b: [Int32] = []
            let countA = small.analyze(text, encoding: encoding, termIds: &a)
            let countB = large.analyze(text, encoding: encoding, termIds: &b)
            #expect(countA == countB && countA == encoding.count(text))
            let wordsA = a.map { String(decoding: small.terms.key(Int($0)), as: UTF8.self) }
            #expect(wordsA == PythonText.wordTokens(text))
        }
        #expect(small.segments.count <= 5)
    }

    /// After thousands of updates (stale postings compacted, the term pool and the posting pool compacted), searches give exactly
    /// what an index built afresh from the final items gives.
    @Test func manyUpdatesSearchLikeAFreshIndex() throws {
        var g = Generator(state: 5)
        var memory = try Memory()
        memory.stores[0].index.poolSlack = 256
        for k in 0..<60 {
            _ = memory.execute(ToolCall(name: "new_memory_insert", arguments: [
                "memory_type": "semantic_memory", "content": .string(Self.sentence(&g) + " \(k)"),
            ], assignedId: "m\(k)"))
        }
        for step in 0..<6000 {
            let words = (0..<(10 + g.below(30))).map { _ in Self.words[g.below(Self.words.count)] }
            let text = words.joined(separator: " ")
            _ = memory.execute(ToolCall(name: "memory_update", arguments: [
                "memory_type": "semantic_memory", "new_content": .string(text + " \(step)"),
                "memory_id": .string("m\(g.below(60))")]))
        }
        // Both kinds of compaction happened on the way.
        #expect(memory.stores[0].index.poolCompactions >= 1)
        #expect(memory.stores[0].index.postingCompactions >= 100)
        #expect(memory.stores[0].index.postingPoolCompactions >= 1)
        var fresh = try Memory(state: memory.state)
        #expect(fresh.totalTokens == memory.totalTokens)
        for _ in 0..<50 {
            let query = Self.sentence(&g)
            let a = memory.search(.semantic, query: query, limit: 20, minimumScore: nil)
            let b = fresh.search(.semantic, query: query, limit: 20, minimumScore: nil)
            #expect(a.map(\.id) == b.map(\.id), "\(query)")
            #expect(a.map(\.score) == b.map(\.score), "\(query)")
        }
    }

    /// A word in thousands of items has a chain of many chunks (past the largest size); removing every other item
    /// and updating others compacts across chunks and frees chunks for reuse, and searches still equal a fresh
    /// index's.
    @Test func longPostingChainsCompactAcrossChunks() throws {
        var g = Generator(state: 21)
        var memory = try Memory()
        memory.stores[0].index.poolSlack = 1024
        let count = 9_000
        for k in 0..<count {
            let text = "common " + (0..<(1 + g.below(4))).map { _ in Self.words[g.below(Self.words.count)] }
                .joined(separator: " ") + (k % 3 == 0 ? " third" : "")
            _ = memory.execute(ToolCall(name: "new_memory_insert", arguments: [
                "memory_type": "semantic_memory", "content": .string(text + " \(k)"),
            ], assignedId: "c\(k)"))
        }
        let common = try #require(memory.lexicon.terms.index(of: "common"))
        var chunks = 0
        var chunk = Int(memory.stores[0].index.termStats[common].head)
        while chunk >= 0 {
            chunks += 1
            chunk = Int(memory.stores[0].index.pool[chunk].slot)
        }
        // 4, 8, …, 4096 hold 8,188; the rest is a second chunk of the largest size.
        #expect(chunks >= 12)
        for k in stride(from: 0, to: count, by: 2) {
            _ = memory.execute(ToolCall(name: "memory_delete", arguments: [
                "memory_type": "semantic_memory", "memory_id": .string("c\(k)")]))
        }
        for k in stride(from: 1, to: count, by: 6) {
            _ = memory.execute(ToolCall(name: "memory_update", arguments: [
                "memory_type": "semantic_memory", "new_content": .string("common third updated \(k)"),
                "memory_id": .string("c\(k)")]))
        }
        #expect(memory.stores[0].index.postingCompactions >= 1)
        let index = memory.stores[0].index
        #expect(index.freeChunks.contains { $0 >= 0 } || index.postingPoolCompactions > 0)
        var fresh = try Memory(state: memory.state)
        for query in ["common", "third", "common third", "updated 7", "paris river common"] {
            let a = memory.search(.semantic, query: query, limit: 30, minimumScore: nil)
            let b = fresh.search(.semantic, query: query, limit: 30, minimumScore: nil)
            #expect(a.map(\.id) == b.map(\.id), "\(query)")
            #expect(a.map(\.score) == b.map(\.score), "\(query)")
        }
        #expect(memory.stores[0].index.listed >= memory.stores[0].index.termStats[common].count)
    }

    /// A copy of a memory is independent: writes to the copy (which share the posting pool until then) leave the
    /// original's searches and counts unchanged.
    @Test func copiesAreIndependent() throws {
        var g = Generator(state: 31)
        var original = try Memory()
        for k in 0..<200 {
            _ = original.execute(ToolCall(name: "new_memory_insert", arguments: [
                "memory_type": "semantic_memory", "content": .string(Self.sentence(&g) + " item \(k)"),
            ], assignedId: "o\(k)"))
        }
        let queries = (0..<20).map { _ in Self.sentence(&g) } + ["item", "paris river"]
        let before = queries.map { original.search(.semantic, query: $0, limit: 20, minimumScore: nil) }
        let tokensBefore = original.totalTokens
        var copy = original
        for k in 0..<200 {
            let call: ToolCall
            switch k % 3 {
            case 0:
                call = ToolCall(name: "memory_delete", arguments: [
                    "memory_type": "semantic_memory", "memory_id": .string("o\(k)")])
            case 1:
                call = ToolCall(name: "memory_update", arguments: [
                    "memory_type": "semantic_memory", "new_content": .string("item paris \(k)"),
                    "memory_id": .string("o\(k)")])
            default:
                call = ToolCall(name: "new_memory_insert", arguments: [
                    "memory_type": "semantic_memory", "content": .string("river item new \(k)")])
            }
            _ = copy.execute(call)
        }
        #expect(copy.totalTokens != tokensBefore)
        #expect(original.totalTokens == tokensBefore)
        let after = queries.map { original.search(.semantic, query: $0, limit: 20, minimumScore: nil) }
        #expect(after == before)
    }
}
