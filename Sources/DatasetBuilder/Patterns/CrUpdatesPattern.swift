import DatasetFormat

/// `cr-updates`: attributes that change over time, stated with their dates; questions ask for the current value
/// or the value as of a date (conflict resolution; memkit's own `cr-updates` metric).
public struct CrUpdatesPattern: Pattern {
    public init() {}
    public var name: String { "cr-updates" }
    public var summary: String { "dated changes of people's attributes; current value or value as of a date" }
    public var competency: Competency { .conflictResolution }
    public var dataSource: String { "cr-updates" }
    public var defaultChunkTokens: Int { 2048 }

    static let subjects = 10
    static let updatesPerTimeline = 3

    enum Kind: CaseIterable { case home, employer, occupation }

    static func update(_ name: String, _ kind: Kind, _ value: String, _ date: String) -> String {
        switch kind {
        case .home: return "On \(date), \(name) moved to \(value)."
        case .employer: return "Starting \(date), \(name) works for \(value)."
        case .occupation: return "From \(date) onwards, \(name) is \(ArDocPattern.article(value)) \(value)."
        }
    }

    static func current(_ name: String, _ kind: Kind) -> String {
        switch kind {
        case .home: return "Where does \(name) live now?"
        case .employer: return "Which organisation does \(name) work for now?"
        case .occupation: return "What is the current profession of \(name)?"
        }
    }

    static func asOf(_ name: String, _ kind: Kind, _ date: String) -> String {
        switch kind {
        case .home: return "Where did \(name) live on \(date)?"
        case .employer: return "Which organisation did \(name) work for on \(date)?"
        case .occupation: return "What was the profession of \(name) on \(date)?"
        }
    }

    public func plan(seed: UInt64, number: Int, budget: Int) -> PatternPlan {
        let wanted = Self.questionCount(preferred: CrUpdatesPattern.subjects, tokensEach: 140, budget: budget)
        let world = World(seed: seed ^ (UInt64(number) &* 0x1656_67B1_9E37_79F9), people: ArDocPattern.worldSize)
        var rng = SeededRandom(seed: seed, stream: UInt64(number) &+ 0xC0DE)
        var facts: [PlannedFact] = []
        for k in 0..<wanted {
            let person = world.person(k)
            for (q, kind) in [Kind.home, rng.pick([Kind.employer, Kind.occupation])].enumerated() {
                let pool: [String]
                switch kind {
                case .home: pool = world.places
                case .employer: pool = world.organisations
                case .occupation: pool = world.occupations
                }
                var values: [String] = []
                while values.count < CrUpdatesPattern.updatesPerTimeline {
                    let v = rng.pick(pool)
                    if !values.contains(v) { values.append(v) }
                }
                // Update days: increasing, at least a month apart.
                var days: [Int] = []
                var day = rng.uniform(in: 0...60)
                for _ in values {
                    days.append(day)
                    day += rng.uniform(in: 30...150)
                }
                let dates = days.map { ChunkWrapper.date(daysAfterStart: $0) }
                let parts = zip(values, dates).map { CrUpdatesPattern.update(person.name, kind, $0, $1) }
                let others = pool.filter { !values.contains($0) }
                if q == 0 {
                    facts.append(PlannedFact(
                        parts: parts, question: CrUpdatesPattern.current(person.name, kind),
                        answers: [values[values.count - 1]], type: "current-value", subject: person.name,
                        otherValues: others, evidenceParts: [values.count - 1]))
                } else {
                    let between = ChunkWrapper.date(daysAfterStart: (days[0] + days[1]) / 2)
                    facts.append(PlannedFact(
                        parts: parts, question: CrUpdatesPattern.asOf(person.name, kind, between),
                        answers: [values[0]], type: "value-as-of", subject: person.name, otherValues: others,
                        evidenceParts: [0]))
                }
            }
        }
        // Distractors are ar-doc's, written as bytes with their shape (the assembler's fast path).
        let appendDistractor: @Sendable (Int, inout ByteArena, inout SentenceShape) -> Void = { index, out, shape in
            var r = SeededRandom(seed: seed &+ UInt64(number), stream: UInt64(index) &+ 0xC157)
            world.withTables {
                ArDocPattern.appendDistractor(&r, $0, from: CrUpdatesPattern.subjects, to: &out, &shape)
            }
        }
        let distractor = ArDocPattern.stringForm(of: appendDistractor)
        return PatternPlan(
            facts: facts, distractor: distractor, appendDistractor: appendDistractor, wrapper: .dialogue,
            prompt: "The following chunks report people's circumstances, some of which change over time. Keep the "
                + "memory current, and keep enough history to say what was true on a given date.")
    }
}
