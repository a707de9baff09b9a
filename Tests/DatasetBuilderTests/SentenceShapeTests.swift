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
            var shapes = InstanceAssembler.ShapeMemo()
            var arena = ByteArena()
            var shaped = 0
            for index in 0..<1_500 {
                let joined = arena.count
                arena.put(Array(" ".utf8))
                var shape = SentenceShape()
                write(index, &arena, &shape)
                if shape.template >= 0 { shaped += 1 }
                let got = assembler.countShaped(arena, joined, shape, &shapes, &cache)
                #expect(got == encoding.count(String(decoding: arena.bytes(joined..<arena.count), as: UTF8.self)),
                        "instance \(number), distractor \(index)")
            }
            #expect(shaped == 1_500)
            #expect(shapes.fixed.count == ArDocPattern.templateCount && shapes.fixed.allSatisfy { $0 > 0 })
            // Names are keyed by person: many were taken from the memo by key.
            #expect(shapes.keyed.filter { $0 > 0 }.count > 100)
        }
    }

    /// Values that break the rule (one ending in a space or in a non-ASCII letter, an empty one) are counted in full,
    /// and a template's constant learned from ordinary values is not applied to them.
    @Test func valuesOutsideTheRuleAreCountedInFull() throws {
        let assembler = try InstanceAssembler()
        let encoding = try Encoding.named(.o200kBase)
        var cache = TokenCountCache()
        var shapes = InstanceAssembler.ShapeMemo()
        for value in ["Orvale", "Orvale ", "Orvalé", "", "Orvale", "東京", "Orv ale", "Orvale"] {
            var arena = ByteArena()
            arena.put(Array(" The market in ".utf8))
            var shape = SentenceShape()
            shape.template = 0
            let start = arena.count
            arena.put(Array(value.utf8))
            shape.add(start, arena.count)
            arena.put(Array(" opens at dawn.".utf8))
            let got = assembler.countShaped(arena, 0, shape, &shapes, &cache)
            #expect(got == encoding.count(String(decoding: arena.bytes(0..<arena.count), as: UTF8.self)), "\(value)")
        }
    }

    /// A keyed value is taken from the memo only where its glue is a space and the value (slot `2 × key`), or, for
    /// a recurring value, those and a full stop (slot `2 × key + 1`); elsewhere (after an opening bracket, after a
    /// line break or a second space, before a comma) it is counted around its neighbours, and every count is exact.
    @Test(arguments: [
        ("", " is here.", false, 14), (" The house of ", " stands.", false, 14), (" Home of ", "", true, 14),
        (" Home of ", ".", false, -1), (" Home of ", ".", true, 15), (" Home of ", ". Next", true, 15),
        (" Home of ", ".5 more", true, -1), (" See (", ") now.", true, -1), (" Line\n", " went.", true, -1),
        (" Two  ", " spaces.", true, -1), (" Then ", ", later.", true, -1),
    ])
    func keyedValuesAreExactInEveryPosition(before: String, after: String, recurs: Bool, slot: Int) throws {
        let assembler = try InstanceAssembler()
        let encoding = try Encoding.named(.o200kBase)
        var cache = TokenCountCache()
        var shapes = InstanceAssembler.ShapeMemo()
        for round in 0..<2 {
            var arena = ByteArena()
            arena.put(Array((before.isEmpty ? " " : before).utf8))
            var shape = SentenceShape()
            shape.template = 0
            let start = arena.count
            arena.put(Array("Kalvoren Dusteth".utf8))
            shape.add(start, arena.count, key: 7, recurs: recurs)
            arena.put(Array(after.utf8))
            let got = assembler.countShaped(arena, 0, shape, &shapes, &cache)
            #expect(got == encoding.count(String(decoding: arena.bytes(0..<arena.count), as: UTF8.self)),
                    "round \(round)")
            let used = shapes.keyed.indices.filter { shapes.keyed[$0] >= 0 }
            #expect(used == (slot < 0 ? [] : [slot]))
        }
    }

    /// A full stop that begins the next value is not taken into a keyed value's glue.
    @Test func fullStopOfTheNextValueIsNotTaken() throws {
        let assembler = try InstanceAssembler()
        let encoding = try Encoding.named(.o200kBase)
        var cache = TokenCountCache()
        var shapes = InstanceAssembler.ShapeMemo()
        var arena = ByteArena()
        arena.put(Array(" Home of ".utf8))
        var shape = SentenceShape()
        shape.template = 0
        var start = arena.count
        arena.put(Array("Tarvel".utf8))
        shape.add(start, arena.count, key: 3, recurs: true)
        start = arena.count
        arena.put(Array(".".utf8))
        shape.add(start, arena.count)
        arena.put(Array(" Next.".utf8))
        let got = assembler.countShaped(arena, 0, shape, &shapes, &cache)
        #expect(got == encoding.count(String(decoding: arena.bytes(0..<arena.count), as: UTF8.self)))
        #expect(shapes.keyed.allSatisfy { $0 < 0 })
    }
}
