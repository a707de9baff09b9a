import DatasetFormat

/// `ar-persona`: one person's life events with dated first-person remarks; answers are `;`-separated keywords
/// (scored like Mem-α's `perltqa`).
public struct ArPersonaPattern: Pattern {
    public init() {}
    public var name: String { "ar-persona" }
    public var summary: String { "one person's dated life events and remarks; ';'-separated keyword answers (perltqa)" }
    public var competency: Competency { .accurateRetrieval }
    public var dataSource: String { "perltqa" }
    public var defaultChunkTokens: Int { 2048 }

    static let smallTalk = [
        "The weather turned cold again this morning.", "I spent the evening tidying the garden shed.",
        "Lunch was a bowl of lentil soup and some bread.", "The train was ten minutes late, as usual.",
        "I finished another chapter of that long history book.", "The neighbours were playing music until late.",
    ]

    public func plan(seed: UInt64, number: Int, budget: Int) -> PatternPlan {
        let wanted = Self.questionCount(preferred: 12, tokensEach: 45, budget: budget)
        let world = World(seed: seed ^ (UInt64(number) &* 0x9FB2_1C65_1E98_DF25), people: 120)
        var rng = SeededRandom(seed: seed, stream: UInt64(number) &+ 0x9E25)
        let me = world.person(0)
        let speaker = "<\(me.name)>"
        let friends = (1...40).map { world.person($0).name }
        var usedFriends = Set<String>()
        var usedPlaces = Set<String>()
        var facts: [PlannedFact] = []
        func freshFriend() -> String {
            var f = rng.pick(friends)
            while usedFriends.contains(f) { f = rng.pick(friends) }
            usedFriends.insert(f)
            return f
        }
        func freshPlace() -> String {
            var p = rng.pick(world.places)
            while usedPlaces.contains(p) { p = rng.pick(world.places) }
            usedPlaces.insert(p)
            return p
        }
        for k in 0..<wanted {
            switch k % 3 {
            case 0:
                let place = freshPlace()
                let friend = freshFriend()
                facts.append(PlannedFact(
                    parts: ["\(speaker) I finally visited \(place) with \(friend), and we walked all afternoon."],
                    question: "Who went with \(me.name) to \(place)?", answers: [friend], type: "companion"))
            case 1:
                let a = freshFriend()
                let b = freshFriend()
                let club = World.inventWord(&rng, syllables: 2...3) + " Club"
                facts.append(PlannedFact(
                    parts: ["\(speaker) At the \(club) meeting I sat next to \(a).",
                            "\(speaker) \(b) has also joined the \(club), which made me glad."],
                    question: "Which members of the \(club) did \(me.name) mention?", answers: ["\(a); \(b)"],
                    type: "members"))
            default:
                let item = rng.pick(world.instruments)
                let place = freshPlace()
                facts.append(PlannedFact(
                    parts: ["\(speaker) At the market in \(place) I bought an old \(item) for very little."],
                    question: "What did \(me.name) buy at the market in \(place)?", answers: [item],
                    type: "purchase"))
            }
        }
        let distractor: @Sendable (Int) -> String = { index in
            var r = SeededRandom(seed: seed &+ UInt64(number), stream: UInt64(index) &+ 0x9157)
            return speaker + " " + r.pick(ArPersonaPattern.smallTalk)
        }
        return PatternPlan(
            facts: facts, distractor: distractor, wrapper: .plain,
            prompt: "The following chunks record the life of \(me.name): events and remarks, with their dates. "
                + "Remember what happened, when, and with whom.")
    }
}
