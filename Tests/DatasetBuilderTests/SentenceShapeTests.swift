import Testing
import Tokenizer
@testable import DatasetBuilder

@Suite struct SentenceShapeTests {
    /// Every distractor of several ar-doc instances, counted from its shape (template constant plus glues around
    /// the values), must give the count of its bytes.
    @Test func shapedCountsAreExactForArDoc() throws {
        let assembler = try InstanceAssembler()
        let encoding = try Encoding.named(.o200kBase)
        var cache = TokenCountCache()
        for number in 0..<3 {
            let plan = ArDocPattern().plan(seed: 11, number: number, budget: 30_000)
            let write = try #require(plan.appendDistractor)
            var fixed: [Int] = []
            var arena = ByteArena()
            var shaped = 0
            for index in 0..<1_500 {
                let joined = arena.count
                arena.put(Array(" ".utf8))
                var shape = SentenceShape()
                write(index, &arena, &shape)
                if shape.template >= 0 { shaped += 1 }
                let got = assembler.countShaped(arena, joined, shape, &fixed, &cache)
                #expect(got == encoding.count(String(decoding: arena.bytes(joined..<arena.count), as: UTF8.self)),
                        "instance \(number), distractor \(index)")
            }
            #expect(shaped == 1_500)
            #expect(fixed.count == ArDocPattern.templateCount && fixed.allSatisfy { $0 > 0 })
        }
    }

    /// Values that break the rule (one ending in a space or in a non-ASCII letter, an empty one) are counted in full,
    /// and a template's constant learned from ordinary values is not applied to them.
    @Test func valuesOutsideTheRuleAreCountedInFull() throws {
        let assembler = try InstanceAssembler()
        let encoding = try Encoding.named(.o200kBase)
        var cache = TokenCountCache()
        var fixed: [Int] = []
        for value in ["Orvale", "Orvale ", "Orvalé", "", "Orvale", "東京", "Orv ale", "Orvale"] {
            var arena = ByteArena()
            arena.put(Array(" The market in ".utf8))
            var shape = SentenceShape()
            shape.template = 0
            let start = arena.count
            arena.put(Array(value.utf8))
            shape.add(start, arena.count)
            arena.put(Array(" opens at dawn.".utf8))
            let got = assembler.countShaped(arena, 0, shape, &fixed, &cache)
            #expect(got == encoding.count(String(decoding: arena.bytes(0..<arena.count), as: UTF8.self)), "\(value)")
        }
    }
}
