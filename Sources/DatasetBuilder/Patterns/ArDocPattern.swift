import DatasetFormat

/// `ar-doc`: encyclopedic statements about invented people, with single-fact questions (scored like SQuAD).
public struct ArDocPattern: Pattern {
    public init() {}
    public var name: String { "ar-doc" }
    public var summary: String { "encyclopedic passages about invented people; single-fact questions (squad)" }
    public var competency: Competency { .accurateRetrieval }
    public var dataSource: String { "squad" }
    public var defaultChunkTokens: Int { 2048 }

    /// The number of people in each instance's world; questions use the first ones, distractors the rest.
    static let worldSize = 600
    static let questionsPerInstance = 20

    enum Attribute: CaseIterable {
        case home, occupation, employer, birthYear, pet, instrument
    }

    static func value(_ p: World.Person, _ a: Attribute) -> String {
        switch a {
        case .home: return p.home
        case .occupation: return p.occupation
        case .employer: return p.employer
        case .birthYear: return String(p.birthYear)
        case .pet: return p.pet
        case .instrument: return p.instrument
        }
    }

    /// "an" before a word that starts with a lowercase vowel letter, else "a" (the world's words are ASCII; the
    /// first byte decides, without the grapheme breaking that `String.first` does).
    static func article(_ word: String) -> String {
        switch word.utf8.first {
        case UInt8(ascii: "a"), UInt8(ascii: "e"), UInt8(ascii: "i"), UInt8(ascii: "o"), UInt8(ascii: "u"): return "an"
        default: return "a"
        }
    }

    /// One statement of an attribute, in one of several phrasings.
    static func statement(_ p: World.Person, _ a: Attribute, phrasing: Int) -> String {
        let n = p.name
        switch (a, phrasing % 3) {
        case (.home, 0): return Text.join([n, " has lived in ", p.home, " for many years."])
        case (.home, 1): return Text.join(["The house of ", n, " stands near the old square of ", p.home, "."])
        case (.home, _): return Text.join(["Neighbours in ", p.home, " all know ", n, " by sight."])
        case (.occupation, 0): return Text.join([n, " works as ", article(p.occupation), " ", p.occupation, "."])
        case (.occupation, 1): return Text.join([
            "By trade, ", n, " is ", article(p.occupation), " ", p.occupation, "."
        ])
        case (.occupation, _): return Text.join([
            n, " earns a living as ", article(p.occupation), " ", p.occupation, "."
        ])
        case (.employer, 0): return Text.join([n, " is employed by ", p.employer, "."])
        case (.employer, 1): return Text.join([n, " draws a salary from ", p.employer, "."])
        case (.employer, _): return Text.join(["Some years ago ", p.employer, " hired ", n, "."])
        case (.birthYear, 0): return Text.join([n, " was born in ", String(p.birthYear), "."])
        case (.birthYear, 1): return Text.join([
            "Parish records give ", String(p.birthYear), " as the year ", n, " came into the world."
        ])
        case (.birthYear, _): return Text.join([
            n, " celebrates a birthday every year, having been born in ", String(p.birthYear), "."
        ])
        case (.pet, 0): return Text.join([n, " keeps ", article(p.pet), " ", p.pet, " at home."])
        case (.pet, 1): return Text.join([
            article(p.pet) == "an" ? "An" : "A", " ", p.pet, " shares the home of ", n, "."
        ])
        case (.pet, _): return Text.join(["Every morning ", n, " feeds a pet ", p.pet, "."])
        case (.instrument, 0): return Text.join([n, " plays the ", p.instrument, "."])
        case (.instrument, 1): return Text.join(["On weekends ", n, " practises the ", p.instrument, "."])
        case (.instrument, _): return Text.join([n, " learned the ", p.instrument, " as a child and still plays it."])
        }
    }

    static func question(_ p: World.Person, _ a: Attribute) -> String {
        switch a {
        case .home: return "In which town does \(p.name) live?"
        case .occupation: return "What is the profession of \(p.name)?"
        case .employer: return "Which organisation employs \(p.name)?"
        case .birthYear: return "In what year was \(p.name) born?"
        case .pet: return "What kind of animal does \(p.name) keep as a pet?"
        case .instrument: return "Which musical instrument does \(p.name) play?"
        }
    }

    static func allValues(_ world: World, _ a: Attribute) -> [String] {
        switch a {
        case .home: return world.places
        case .occupation: return world.occupations
        case .employer: return world.organisations
        case .birthYear:
            // The distinct years as sorted strings; all have four digits, so numeric order is string order.
            let years = Set(world.people.map(\.birthYear)).sorted()
            precondition(years.allSatisfy { (1000...9999).contains($0) }, "birth years have four digits")
            return years.map { String($0) }
        case .pet: return world.pets
        case .instrument: return world.instruments
        }
    }

    static func filler(_ kind: Int, _ place: String) -> String {
        switch kind % 5 {
        case 0: return "The market in \(place) opens at dawn and closes before noon."
        case 1: return "A narrow bridge crosses the river at \(place)."
        case 2: return "Visitors to \(place) often remark on the quiet streets."
        case 3: return "The library of \(place) keeps its doors open late on Thursdays."
        default: return "Autumn fairs in \(place) draw crowds from the nearby hills."
        }
    }

    public func plan(seed: UInt64, number: Int, budget: Int) -> PatternPlan {
        let wanted = Self.questionCount(preferred: ArDocPattern.questionsPerInstance, tokensEach: 16, budget: budget)
        let world = World(seed: seed ^ (UInt64(number) &* 0x9E37_79B9_7F4A_7C15), people: ArDocPattern.worldSize)
        var rng = SeededRandom(seed: seed, stream: UInt64(number) &+ 0xA11D)
        let questionCount = wanted
        var facts: [PlannedFact] = []
        // Every value of each attribute, computed once for all the questions.
        let valuesOf = Attribute.allCases.map { ArDocPattern.allValues(world, $0) }
        for k in 0..<questionCount {
            let person = world.people[k]
            let drawn = rng.uniform(below: Attribute.allCases.count)
            let attribute = Attribute.allCases[drawn]
            let value = ArDocPattern.value(person, attribute)
            facts.append(PlannedFact(
                parts: [ArDocPattern.statement(person, attribute, phrasing: rng.uniform(below: 3))],
                question: ArDocPattern.question(person, attribute), answers: [value], type: "single-fact",
                subject: person.name,
                otherValues: valuesOf[drawn].filter { $0 != value }))
        }
        let distractorPeople = Array(world.people[questionCount...])
        let places = world.places
        let distractor: @Sendable (Int) -> String = { index in
            var r = SeededRandom(seed: seed &+ UInt64(number), stream: UInt64(index) &+ 0xD157)
            if r.uniform(below: 6) == 0 {
                return ArDocPattern.filler(r.uniform(below: 5), r.pick(places))
            }
            let person = r.pick(distractorPeople)
            let attribute = Attribute.allCases[r.uniform(below: Attribute.allCases.count)]
            return ArDocPattern.statement(person, attribute, phrasing: r.uniform(below: 3))
        }
        return PatternPlan(
            facts: facts, distractor: distractor, wrapper: .dialogue,
            prompt: "The following chunks describe people and places. Read each chunk and decide which memory "
                + "operations store what it says so that questions about it can be answered later.")
    }
}
