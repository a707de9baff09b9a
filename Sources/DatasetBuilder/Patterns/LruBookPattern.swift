import DatasetFormat

/// `lru-book`: a generated novel read over dated chunks; the question asks for a summary of what was read, and
/// the gold is a keyword list (scored like Mem-α's `booksum`).
public struct LruBookPattern: Pattern {
    public init() {}
    public var name: String { "lru-book" }
    public var summary: String { "a generated novel read over dated chunks; summarise it, keyword gold (booksum)" }
    public var competency: Competency { .longRangeUnderstanding }
    public var dataSource: String { "booksum" }
    public var defaultChunkTokens: Int { 2048 }

    static let scenery = [
        "Rain drummed on the roof for most of the night.", "The road wound on between grey stone walls.",
        "A cold wind came down from the hills.", "Nobody spoke for a long while.",
        "The fire in the grate had burned low.", "Somewhere a dog barked and fell silent.",
        "The clock on the landing struck the hour.", "Mist hung over the fields until noon.",
    ]

    public func plan(seed: UInt64, number: Int, budget: Int) -> PatternPlan {
        let plotPoints = Self.questionCount(preferred: 8, tokensEach: 20, budget: budget)
        let world = World(seed: seed ^ (UInt64(number) &* 0x94D0_49BB_1331_11EB), people: 8)
        var rng = SeededRandom(seed: seed, stream: UInt64(number) &+ 0xB00C)
        let hero = world.person(0).name.split(separator: " ").first.map(String.init) ?? "Ana"
        let rival = world.person(1).name.split(separator: " ").first.map(String.init) ?? "Bo"
        let town = world.places[0]
        let treasure = rng.pick(["silver compass", "sealed letter", "brass key", "painted map", "jade ring"])
        let plot = [
            "\(hero) left \(town) at dawn, carrying the \(treasure).",
            "On the road \(hero) met \(rival), who wanted the \(treasure) for himself.",
            "\(rival) followed \(hero) as far as the ferry over the river.",
            "At the ferry \(hero) hid the \(treasure) inside a loaf of bread.",
            "\(rival) searched the baggage and found nothing.",
            "Weeks later \(hero) returned to \(town) and opened the \(treasure) at last.",
            "Inside lay the proof that \(rival) had lied to the whole of \(town).",
            "\(town) welcomed \(hero) home, and \(rival) was never seen there again.",
        ]
        let parts = Array(plot.prefix(max(2, plotPoints)))
        let keywords = [hero, rival, town, treasure].filter { k in parts.contains { $0.contains(k) } }
        let fact = PlannedFact(
            parts: parts, question: "Summarize the story of the book you have read so far, from the first day to the last",
            answers: [keywords.joined(separator: ", ")], type: "summary")
        let distractor: @Sendable (Int) -> String = { index in
            var r = SeededRandom(seed: seed &+ UInt64(number), stream: UInt64(index) &+ 0xB157)
            return r.pick(LruBookPattern.scenery)
        }
        return PatternPlan(
            facts: [fact], distractor: distractor, wrapper: .book,
            prompt: "The following chunks are passages of a book that the user reads over several days. Keep a "
                + "running summary of the story.")
    }
}
