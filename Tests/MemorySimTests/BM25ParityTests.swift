import Foundation
import JSONLines
import Testing
import Tokenizer
@testable import MemorySim

/// Scores and order must equal rank_bm25's (fixture from scripts/make_bm25_fixture.py, rank_bm25 0.2.2).
@Suite struct BM25ParityTests {
    static func cases() throws -> [JSONValue] {
        guard let url = Bundle.module.url(forResource: "bm25", withExtension: "json", subdirectory: "Fixtures") else {
            throw CocoaError(.fileNoSuchFile)
        }
        let root = try JSONParser.parse(Array(try Data(contentsOf: url)))
        return root["cases"]?.arrayValue ?? []
    }

    /// A list with its lexicon, as a memory holds them.
    struct Harness {
        var lexicon = Lexicon()
        var store = Memory.Store()
        var counter = TermCounter()
        let encoding: Encoding

        init() throws { encoding = try Encoding.named(.o200kBase) }

        mutating func terms(_ text: String) -> [Int32] {
            var ids: [Int32] = []
            _ = lexicon.analyze(text, encoding: encoding, termIds: &ids)
            return ids
        }

        // The content set is not under test here: every content gets hash 0 (entries told apart by their bytes).
        mutating func append(_ id: String, _ text: String) {
            let entry = store.contentEntry(text, hash: 0)
            let ids = terms(text)
            counter.distinct(ids).withUnsafeBufferPointer {
                store.append(id: id, content: text, tokens: 0, terms: $0, length: ids.count, contentEntry: entry)
            }
        }

        mutating func replace(_ slot: Int, _ text: String) {
            let ids = terms(text)
            counter.distinct(ids).withUnsafeBufferPointer {
                store.replace(slot: slot, content: text, tokens: 0, terms: $0, length: ids.count, contentHash: 0)
            }
        }
    }

    /// Builds a store by replaying the case's operations, so the index is exercised incrementally.
    static func harness(for testCase: JSONValue) throws -> Harness {
        var h = try Harness()
        var slots: [Int64: Int] = [:]
        for op in testCase["ops"]?.arrayValue ?? [] {
            let text = op["text"]?.stringValue ?? ""
            let key = op["key"]?.intValue ?? Int64(slots.count)
            switch op["op"]?.stringValue {
            case "insert":
                slots[key] = h.store.ids.count
                h.append("k\(key)", text)
            case "update":
                if let slot = slots[key] { h.replace(slot, text) }
            default:
                if let slot = slots[key] { h.store.remove(slot: slot) }
            }
        }
        return h
    }

    @Test func scoresAndOrderMatchRankBM25() throws {
        let cases = try Self.cases()
        #expect(cases.count >= 11)
        for testCase in cases {
            let name = testCase["name"]?.stringValue ?? "?"
            var h = try Self.harness(for: testCase)
            let corpus = (testCase["corpus"]?.arrayValue ?? []).compactMap(\.stringValue)
            let live = h.store.liveEntries
            #expect(live.map(\.content) == corpus, "\(name): live items")
            let liveSlots = h.store.ids.indices.filter { h.store.isLive($0) }
            for (text, expected) in zip(corpus, testCase["tokens"]?.arrayValue ?? []) {
                #expect(PythonText.wordTokens(text) == (expected.arrayValue ?? []).compactMap(\.stringValue),
                        "\(name): tokens of \(text)")
            }
            for q in testCase["queries"]?.arrayValue ?? [] {
                let query = q["query"]?.stringValue ?? ""
                let tokens = h.lexicon.queryTerms(query)
                #expect(PythonText.wordTokens(query) == (q["query_tokens"]?.arrayValue ?? []).compactMap(\.stringValue))
                let expectedScores = (q["scores"]?.arrayValue ?? []).compactMap(\.doubleValue)
                guard let scoreList = h.store.index.scores(queryTerms: tokens) else {
                    Issue.record("\(name): no scores")
                    continue
                }
                let scores = Dictionary(scoreList, uniquingKeysWith: { a, _ in a })
                for (i, slot) in liveSlots.enumerated() {
                    let got = scores[slot] ?? 0
                    let want = expectedScores[i]
                    let close = got == want || abs(got - want) <= 1e-9 * max(abs(want), 1e-300)
                    #expect(close, "\(name) '\(query)' item \(i): \(got) vs \(want)")
                }
                let expectedOrder = (q["order"]?.arrayValue ?? []).compactMap(\.intValue).map { liveSlots[Int($0)] }
                let ranked = h.store.ranked(queryTerms: tokens, limit: nil, minimumScore: nil)?.map(\.0) ?? []
                if !tokens.isEmpty {
                    #expect(ranked == expectedOrder, "\(name) '\(query)': order")
                }
                // Top-k is a prefix of the full order.
                let top3 = h.store.ranked(queryTerms: tokens, limit: 3, minimumScore: nil)?.map(\.0) ?? []
                #expect(top3 == Array(ranked.prefix(3)))
            }
        }
    }
}
