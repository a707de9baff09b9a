import Testing
@testable import DatasetBuilder

@Suite struct SeededRandomTests {
    // Expected values from scripts/reference_prng.py; the SplitMix64 vector is also the one Vigna publishes.
    @Test func splitMix64MatchesTheReference() {
        var state: UInt64 = 1_234_567
        let got = (0..<5).map { _ in SeededRandom.splitMix64(&state) }
        #expect(got == [6457827717110365317, 3203168211198807973, 9817491932198370423, 4593380528125082431,
                        16408922859458223821])
    }

    @Test(arguments: [
        (UInt64(0), [UInt64(11091344671253066420), 13793997310169335082, 1900383378846508768, 7684712102626143532,
                     13521403990117723737]),
        (UInt64(42), [UInt64(1546998764402558742), 6990951692964543102, 12544586762248559009, 17057574109182124193,
                      18295552978065317476]),
    ])
    func xoshiroMatchesTheReference(seed: UInt64, expected: [UInt64]) {
        var rng = SeededRandom(seed: seed)
        #expect((0..<5).map { _ in rng.next() } == expected)
    }

    @Test func uniformStaysInRangeAndCoversIt() {
        var rng = SeededRandom(seed: 9)
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<70_000 { counts[rng.uniform(below: 7)] += 1 }
        #expect(counts.allSatisfy { $0 > 9_000 && $0 < 11_000 })
        for _ in 0..<1000 {
            let d = rng.unitDouble()
            #expect(d >= 0 && d < 1)
            #expect((3...5).contains(rng.uniform(in: 3...5)))
        }
    }

    @Test func shuffleIsAPermutationAndDeterministic() {
        var a = SeededRandom(seed: 5)
        var b = SeededRandom(seed: 5)
        var x = Array(0..<100)
        var y = Array(0..<100)
        a.shuffle(&x)
        b.shuffle(&y)
        #expect(x == y)
        #expect(x != Array(0..<100))
        #expect(x.sorted() == Array(0..<100))
    }

    @Test func streamsDiffer() {
        var a = SeededRandom(seed: 1, stream: 0)
        var b = SeededRandom(seed: 1, stream: 1)
        #expect(a.next() != b.next())
    }
}
