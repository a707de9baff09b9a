import DatasetFormat

/// `ar-sessions`: multi-session user–assistant chats with timestamps, with LongMemEval's question types
/// (single-session-user, single-session-assistant, multi-session, temporal-reasoning, knowledge-update,
/// abstention); scored as Mem-α's `lme_train`.
public struct ArSessionsPattern: Pattern {
    public init() {}
    public var name: String { "ar-sessions" }
    public var summary: String { "multi-session chats with LongMemEval's question types, abstention included (lme_train)" }
    public var competency: Competency { .accurateRetrieval }
    public var dataSource: String { "lme_train" }
    public var defaultChunkTokens: Int { 2048 }

    static let smallTalkUser = [
        "Can you suggest a quick dinner for tonight?", "What is a good way to keep basil fresh?",
        "Any tips for falling asleep faster?", "How long should I steep green tea?",
        "Is it better to stretch before or after a run?", "What should I pack for a weekend by the sea?",
    ]
    static let smallTalkAssistant = [
        "A vegetable stir-fry with rice takes about twenty minutes.", "Keep the stems in a glass of water, like flowers.",
        "A cool, dark room and a fixed bedtime help most people.", "Two to three minutes in water just off the boil.",
        "Light stretching after the run is usually recommended.", "Layers, sunscreen and a book for the evenings.",
    ]

    public func plan(seed: UInt64, number: Int, budget: Int) -> PatternPlan {
        let wanted = Self.questionCount(preferred: 6, tokensEach: 60, budget: budget)
        let world = World(seed: seed ^ (UInt64(number) &* 0x2545_F491_4F6C_DD1D), people: 64)
        var rng = SeededRandom(seed: seed, stream: UInt64(number) &+ 0x5E55)
        var facts: [PlannedFact] = []
        let pet = rng.pick(world.pets)
        let petName = World.inventWord(&rng, syllables: 2...2)
        let place = rng.pick(world.places)
        let employer = rng.pick(world.organisations)
        let instruments = Array(world.instruments.prefix(2))
        let homes = [world.places[1], world.places[2]]
        let startDay = ChunkWrapper.date(daysAfterStart: rng.uniform(in: 3...40))
        let all: [PlannedFact] = [
            PlannedFact(parts: ["<User>I just adopted \(ArDocPattern.article(pet)) \(pet) and named it \(petName)."],
                        question: "What kind of pet did I adopt?", answers: [pet], type: "single-session-user"),
            PlannedFact(parts: ["<Assistant>The botanical garden in \(place) closes at half past six in winter."],
                        question: "Which town's botanical garden did you tell me about?", answers: [place],
                        type: "single-session-assistant"),
            PlannedFact(parts: ["<User>I bought a second-hand \(instruments[0]) this weekend.",
                                "<User>Guess what, I also got a \(instruments[1]) from a friend."],
                        question: "Which two musical instruments have I acquired?",
                        answers: ["\(instruments[0]); \(instruments[1])"], type: "multi-session"),
            PlannedFact(parts: ["<User>Today, \(startDay), was my first day at \(employer)."],
                        question: "On what date did I start working at \(employer)?", answers: [startDay],
                        type: "temporal-reasoning"),
            PlannedFact(parts: ["<User>We have settled in our flat in \(homes[0]).",
                                "<User>Big news: we moved again, this time to \(homes[1])."],
                        question: "Which town do I live in now?", answers: [homes[1]], type: "knowledge-update",
                        evidenceParts: [1]),
        ]
        facts = Array(all.prefix(max(1, wanted - 1)))
        let abstention = PlannedFact(parts: [], question: "What is the name of my sister's parrot?", answers: [],
                                     type: "abstention")
        let distractor: @Sendable (Int) -> String = { index in
            // Turns come in pairs: a question and the assistant's matching answer.
            var r = SeededRandom(seed: seed &+ UInt64(number), stream: UInt64(index / 2) &+ 0x5157)
            let k = r.uniform(below: ArSessionsPattern.smallTalkUser.count)
            return index % 2 == 0 ? "<User>" + ArSessionsPattern.smallTalkUser[k]
                                  : "<Assistant>" + ArSessionsPattern.smallTalkAssistant[k]
        }
        return PatternPlan(
            facts: facts + [abstention], distractor: distractor, wrapper: .session,
            prompt: "The following chunks are the history of conversations between the user and the assistant. "
                + "Remember the details that may matter in later conversations.")
    }
}
