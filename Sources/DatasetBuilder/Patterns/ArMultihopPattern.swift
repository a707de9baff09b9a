import DatasetFormat

/// `ar-multihop`: bridge questions whose two facts sit in distant chunks — who employs a person, and where that
/// organisation is headquartered (scored like HotpotQA).
public struct ArMultihopPattern: Pattern {
    public init() {}
    public var name: String { "ar-multihop" }
    public var summary: String { "bridge questions over two facts placed far apart (hotpotqa)" }
    public var competency: Competency { .accurateRetrieval }
    public var dataSource: String { "hotpotqa" }
    public var defaultChunkTokens: Int { 2048 }

    static let questionsPerInstance = 16

    static func headquarters(_ o: World.Organisation, phrasing: Int) -> String {
        switch phrasing % 3 {
        case 0: return "\(o.name) has its headquarters in \(o.headquarters)."
        case 1: return "The head office of \(o.name) is in \(o.headquarters)."
        default: return "\(o.name) runs all of its business from \(o.headquarters)."
        }
    }

    static func founded(_ o: World.Organisation) -> String {
        "\(o.name) was founded in \(o.founded)."
    }

    public func plan(seed: UInt64, number: Int, budget: Int) -> PatternPlan {
        let wanted = Self.questionCount(preferred: ArMultihopPattern.questionsPerInstance, tokensEach: 32, budget: budget)
        let world = World(seed: seed ^ (UInt64(number) &* 0xC2B2_AE3D_27D4_EB4F), people: ArDocPattern.worldSize)
        var rng = SeededRandom(seed: seed, stream: UInt64(number) &+ 0xB41D)
        let organisations = world.organisationDetails
        var facts: [PlannedFact] = []
        for k in 0..<wanted {
            let person = world.person(k)
            guard let employer = organisations.first(where: { $0.name == person.employer }) else { continue }
            let askFounding = rng.uniform(below: 3) == 0
            let bridge = ArDocPattern.statement(world, k, .employer, phrasing: rng.uniform(below: 3))
            let second = askFounding ? ArMultihopPattern.founded(employer)
                                     : ArMultihopPattern.headquarters(employer, phrasing: rng.uniform(below: 3))
            let question = askFounding
                ? "In what year was the organisation that employs \(person.name) founded?"
                : "In which town is the head office of the organisation that employs \(person.name)?"
            let answer = askFounding ? String(employer.founded) : employer.headquarters
            facts.append(PlannedFact(
                parts: [bridge, second], question: question, answers: [answer], type: "bridge",
                subject: person.name, otherValues: world.organisations.filter { $0 != person.employer }))
        }
        // Distractors are written as bytes, statements and place sentences with their shape (the assembler's fast
        // path).
        let appendDistractor: @Sendable (Int, inout ByteArena, inout SentenceShape) -> Void = { index, out, shape in
            var r = SeededRandom(seed: seed &+ UInt64(number), stream: UInt64(index) &+ 0xB157)
            switch r.uniform(below: 8) {
            case 0: world.withTables { ArDocPattern.appendFiller(&r, $0, to: &out, &shape) }
            case 1: out.put(ArMultihopPattern.headquarters(r.pick(organisations), phrasing: r.uniform(below: 3)))
            case 2: out.put(ArMultihopPattern.founded(r.pick(organisations)))
            default:
                world.withTables {
                    ArDocPattern.appendStatement(&r, $0, from: ArMultihopPattern.questionsPerInstance, to: &out, &shape)
                }
            }
        }
        let distractor = ArDocPattern.stringForm(of: appendDistractor)
        return PatternPlan(
            facts: facts, distractor: distractor, appendDistractor: appendDistractor, wrapper: .dialogue,
            prompt: "The following chunks describe people, organisations and places. Store what each chunk says "
                + "so that questions linking facts from different chunks can be answered later.")
    }
}
