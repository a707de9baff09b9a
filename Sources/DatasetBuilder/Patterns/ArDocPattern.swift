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

    enum Attribute: Int, CaseIterable {
        case home, occupation, employer, birthYear, pet, instrument
    }

    /// Person `k`'s value of `a` in `world`, as a string.
    static func value(_ world: World, _ k: Int, _ a: Attribute) -> String {
        let r = world.records[k]
        return valueID(r, a).map { world.valueStrings[$0] } ?? String(r.birthYear)
    }

    /// "an" before a word that starts with a lowercase vowel letter, else "a" (the world's words are ASCII; the
    /// first byte decides, without the grapheme breaking that `String.first` does).
    static func article(_ word: String) -> String { isVowel(word.utf8.first) ? "an" : "a" }

    /// Whether a word's first byte is a lowercase vowel letter (what ``article(_:)`` decides on).
    @inline(__always)
    static func isVowel(_ first: UInt8?) -> Bool {
        switch first {
        case UInt8(ascii: "a"), UInt8(ascii: "e"), UInt8(ascii: "i"), UInt8(ascii: "o"), UInt8(ascii: "u"): return true
        default: return false
        }
    }

    /// One statement of an attribute of person `k` of `world`, in one of several phrasings.
    static func statement(_ world: World, _ k: Int, _ a: Attribute, phrasing: Int) -> String {
        var out = ByteArena(capacity: 256)
        var shape = SentenceShape()
        world.withTables { appendStatement($0, k, a, phrasing: phrasing, keyed: false, to: &out, &shape) }
        return out.string
    }

    /// A piece of a statement template: fixed text (a `StaticString`, so that walking a template retains
    /// nothing), a person's field, or the article ("a"/"an", or capitalised) that goes before a field's value.
    enum Part {
        case text(StaticString)
        case field(Attribute?)
        case article(Attribute)
        case capitalArticle(Attribute)
    }

    /// Three phrasings per attribute, indexed by its raw value; `.field(nil)` is the person's name.
    static let templates: [[[Part]]] = [
        [  // home
            [.field(nil), .text(" has lived in "), .field(.home), .text(" for many years.")],
            [.text("The house of "), .field(nil), .text(" stands near the old square of "), .field(.home), .text(".")],
            [.text("Neighbours in "), .field(.home), .text(" all know "), .field(nil), .text(" by sight.")],
        ],
        [  // occupation
            [.field(nil), .text(" works as "), .article(.occupation), .text(" "), .field(.occupation), .text(".")],
            [.text("By trade, "), .field(nil), .text(" is "), .article(.occupation), .text(" "), .field(.occupation),
             .text(".")],
            [.field(nil), .text(" earns a living as "), .article(.occupation), .text(" "), .field(.occupation),
             .text(".")],
        ],
        [  // employer
            [.field(nil), .text(" is employed by "), .field(.employer), .text(".")],
            [.field(nil), .text(" draws a salary from "), .field(.employer), .text(".")],
            [.text("Some years ago "), .field(.employer), .text(" hired "), .field(nil), .text(".")],
        ],
        [  // birth year
            [.field(nil), .text(" was born in "), .field(.birthYear), .text(".")],
            [.text("Parish records give "), .field(.birthYear), .text(" as the year "), .field(nil),
             .text(" came into the world.")],
            [.field(nil), .text(" celebrates a birthday every year, having been born in "), .field(.birthYear),
             .text(".")],
        ],
        [  // pet
            [.field(nil), .text(" keeps "), .article(.pet), .text(" "), .field(.pet), .text(" at home.")],
            [.capitalArticle(.pet), .text(" "), .field(.pet), .text(" shares the home of "), .field(nil), .text(".")],
            [.text("Every morning "), .field(nil), .text(" feeds a pet "), .field(.pet), .text(".")],
        ],
        [  // instrument
            [.field(nil), .text(" plays the "), .field(.instrument), .text(".")],
            [.text("On weekends "), .field(nil), .text(" practises the "), .field(.instrument), .text(".")],
            [.field(nil), .text(" learned the "), .field(.instrument), .text(" as a child and still plays it.")],
        ],
    ]

    /// ``statement(_:_:_:phrasing:)`` for person `k` of the tables' world, appended to `out` as UTF-8 without
    /// building a string, with the sentence's shape: template `3 * attribute + phrasing`, and where each value
    /// (name, field, article) went. With `keyed`, each value gets its shape key (see ``SentenceShape/keys`` and
    /// `World.Tables.nameKey(_:)`).
    @inline(__always)
    static func appendStatement(_ t: World.Tables, _ k: Int, _ a: Attribute, phrasing: Int, keyed: Bool,
                                to out: inout ByteArena, _ shape: inout SentenceShape) {
        let template = 3 * a.rawValue + phrasing % 3
        shape.template = template
        let r = t.records[k]
        // The templates as one flat table: reading a nested array retained and released it per sentence.
        flatTemplates.withUnsafeBufferPointer { parts in
            for i in templateStarts[template]..<templateStarts[template + 1] {
                let start = out.count
                switch parts[i] {
                case .text(let text):
                    out.put(text)
                case .field(nil):
                    t.putName(r, &out)
                    shape.add(start, out.count, key: keyed ? t.nameKey(k) : -1)
                case .field(let field?):
                    if let v = valueID(r, field) {
                        t.putValue(v, &out)
                        shape.add(start, out.count, key: keyed ? t.valueKey(v) : -1, recurs: true)
                    } else {
                        out.putDecimal(Int(r.birthYear))
                        shape.add(start, out.count)
                    }
                case .article(let field):
                    appendArticle(t, r, field, capital: false, keyed: keyed, to: &out, &shape)
                case .capitalArticle(let field):
                    appendArticle(t, r, field, capital: true, keyed: keyed, to: &out, &shape)
                }
            }
        }
    }

    /// "a" or "an" (capitalised with `capital`) for the value of `field`, with its shape (and key, with `keyed`).
    @inline(__always)
    static func appendArticle(_ t: World.Tables, _ r: World.Record, _ field: Attribute, capital: Bool, keyed: Bool,
                              to out: inout ByteArena, _ shape: inout SentenceShape) {
        let start = out.count
        let an = valueID(r, field).map { isVowel(t.firstByte($0)) } ?? false
        out.put(capital ? (an ? "An" : "A") : (an ? "an" : "a"))
        shape.add(start, out.count, key: keyed ? t.articleKey(an: an, capital: capital) : -1, recurs: true)
    }

    /// Every template's parts back to back, template `3 × attribute + phrasing` at
    /// `templateStarts[t] ..< templateStarts[t + 1]`.
    static let flatTemplates: [Part] = templates.flatMap { $0.flatMap { $0 } }
    static let templateStarts: [Int] = templates.flatMap { $0 }.reduce(into: [0]) { $0.append($0.last! + $1.count) }

    /// The value id of a person's attribute (see ``World/Record``), or nil for the birth year (a number).
    @inline(__always)
    static func valueID(_ r: World.Record, _ a: Attribute) -> Int? {
        switch a {
        case .home: return Int(r.home)
        case .occupation: return Int(r.occupation)
        case .employer: return Int(r.employer)
        case .birthYear: return nil
        case .pet: return Int(r.pet)
        case .instrument: return Int(r.instrument)
        }
    }

    /// ar-doc's distractor, drawn from `r`: a place sentence one time in six, else a statement about one of the
    /// people from `first` on (see ``appendStatement(_:_:from:to:_:)``). Values are keyed.
    static func appendDistractor(_ r: inout SeededRandom, _ t: World.Tables, from first: Int,
                                 to out: inout ByteArena, _ shape: inout SentenceShape) {
        if r.uniform(below: 6) == 0 {
            appendFiller(&r, t, to: &out, &shape)
        } else {
            appendStatement(&r, t, from: first, to: &out, &shape)
        }
    }

    /// A statement about one of the people from `first` on, with the person, the attribute and the phrasing drawn
    /// from `r` in that order; values are keyed, so a plan's distractors must all come from one world.
    static func appendStatement(_ r: inout SeededRandom, _ t: World.Tables, from first: Int,
                                to out: inout ByteArena, _ shape: inout SentenceShape) {
        let person = first + r.uniform(below: t.peopleCount - first)
        // By raw value (declaration order, as `allCases`), without reading the `allCases` array per sentence.
        let attribute = Attribute(rawValue: r.uniform(below: Attribute.allCases.count)) ?? .home
        let phrasing = r.uniform(below: 3)
        appendStatement(t, person, attribute, phrasing: phrasing, keyed: true, to: &out, &shape)
    }

    /// The string form of a byte distractor writer (what `PatternPlan.distractor` must return: the same bytes).
    static func stringForm(of write: @escaping @Sendable (Int, inout ByteArena, inout SentenceShape) -> Void)
        -> @Sendable (Int) -> String {
        { index in
            var out = ByteArena(capacity: 256)
            var shape = SentenceShape()
            write(index, &out, &shape)
            return out.string
        }
    }

    /// The number of sentence templates (statements, then place sentences), for ``SentenceShape``.
    static let templateCount = 3 * Attribute.allCases.count + fillers.count

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
            let years = Set(world.records.map { Int($0.birthYear) }).sorted()
            precondition(years.allSatisfy { (1000...9999).contains($0) }, "birth years have four digits")
            return years.map { String($0) }
        case .pet: return world.pets
        case .instrument: return world.instruments
        }
    }

    /// The five place sentences, each as the text before and after the place.
    static let fillers: [(StaticString, StaticString)] = [
        ("The market in ", " opens at dawn and closes before noon."),
        ("A narrow bridge crosses the river at ", "."),
        ("Visitors to ", " often remark on the quiet streets."),
        ("The library of ", " keeps its doors open late on Thursdays."),
        ("Autumn fairs in ", " draw crowds from the nearby hills."),
    ]

    /// A sentence about a place that states no person's attribute, the kind of sentence and the place drawn from
    /// `r` in that order, appended to `out` as UTF-8 with the sentence's shape (template `18 + kind`); the place is
    /// keyed as a statement's values are.
    static func appendFiller(_ r: inout SeededRandom, _ t: World.Tables, to out: inout ByteArena,
                             _ shape: inout SentenceShape) {
        let kind = r.uniform(below: fillers.count)
        let place = r.uniform(below: t.placeCount)
        let (before, after) = fillers[kind]
        shape.template = 3 * Attribute.allCases.count + kind
        out.put(before)
        let start = out.count
        t.putValue(place, &out)
        shape.add(start, out.count, key: t.valueKey(place), recurs: true)
        out.put(after)
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
            let person = world.person(k)
            let drawn = rng.uniform(below: Attribute.allCases.count)
            let attribute = Attribute.allCases[drawn]
            let value = ArDocPattern.value(world, k, attribute)
            facts.append(PlannedFact(
                parts: [ArDocPattern.statement(world, k, attribute, phrasing: rng.uniform(below: 3))],
                question: ArDocPattern.question(person, attribute), answers: [value], type: "single-fact",
                subject: person.name,
                otherValues: valuesOf[drawn].filter { $0 != value }))
        }
        // Distractors are written as bytes (the assembler's fast path); the string form is made from them.
        let appendDistractor: @Sendable (Int, inout ByteArena, inout SentenceShape) -> Void = { index, out, shape in
            var r = SeededRandom(seed: seed &+ UInt64(number), stream: UInt64(index) &+ 0xD157)
            world.withTables { ArDocPattern.appendDistractor(&r, $0, from: questionCount, to: &out, &shape) }
        }
        let distractor = ArDocPattern.stringForm(of: appendDistractor)
        return PatternPlan(
            facts: facts, distractor: distractor, appendDistractor: appendDistractor, wrapper: .dialogue,
            prompt: "The following chunks describe people and places. Read each chunk and decide which memory "
                + "operations store what it says so that questions about it can be answered later.")
    }
}
