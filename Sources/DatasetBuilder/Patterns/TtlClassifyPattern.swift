import DatasetFormat

/// `ttl-classify`: labelled examples of an invented K-class task (`Sentence:`/`Label:` records, labels as digits);
/// questions ask for the label of unseen sentences as a boxed digit (scored like Mem-α's `icl_*` sources).
public struct TtlClassifyPattern: Pattern {
    public init() {}
    public var name: String { "ttl-classify" }
    public var summary: String { "labelled examples of an invented K-class task; label unseen sentences (icl_*)" }
    public var competency: Competency { .testTimeLearning }
    public var dataSource: String { "icl_memkit_\(TtlClassifyPattern.classes)class" }
    public var defaultChunkTokens: Int { 1024 }

    static let classes = 6
    static let keywordsPerClass = 24
    static let questionsPerInstance = 20

    static func sentence(_ a: String, _ b: String, template: Int) -> String {
        switch template % 5 {
        case 0: return "A message mentioned \(a) near the \(b) yesterday."
        case 1: return "Someone asked whether \(a) goes with \(b)."
        case 2: return "The report on \(a) also covered \(b)."
        case 3: return "We saw \(a) and \(b) during the visit."
        default: return "Nobody expected \(a) to follow \(b) so closely."
        }
    }

    static func record(_ sentence: String, label: Int) -> String {
        "Sentence: \(sentence)\nLabel: \(label)"
    }

    public func plan(seed: UInt64, number: Int, budget: Int) -> PatternPlan {
        let wanted = Self.questionCount(preferred: TtlClassifyPattern.questionsPerInstance, tokensEach: 26, budget: budget)
        var rng = SeededRandom(seed: seed, stream: UInt64(number) &+ 0x771C)
        var taken = NameSet(expected: 64)
        let keywords: [[String]] = (0..<TtlClassifyPattern.classes).map { _ in
            World.inventNames(&rng, count: TtlClassifyPattern.keywordsPerClass, syllables: 2...3, taken: &taken)
                .map { $0.lowercased() }
        }
        var facts: [PlannedFact] = []
        for _ in 0..<wanted {
            let label = rng.uniform(below: TtlClassifyPattern.classes)
            let shared = rng.pick(keywords[label])
            var other = rng.pick(keywords[label])
            while other == shared { other = rng.pick(keywords[label]) }
            var third = rng.pick(keywords[label])
            while third == shared || third == other { third = rng.pick(keywords[label]) }
            let example = TtlClassifyPattern.record(
                TtlClassifyPattern.sentence(shared, other, template: rng.uniform(below: 5)), label: label)
            let unseen = TtlClassifyPattern.sentence(third, shared, template: rng.uniform(below: 5))
            facts.append(PlannedFact(
                parts: [example],
                question: "Sentence: \(unseen)\nWhich label belongs to the sentence above? The label is a single "
                    + "digit; give the final answer as \\boxed{label}.",
                answers: [String(label)], type: "classification"))
        }
        let distractor: @Sendable (Int) -> String = { index in
            var r = SeededRandom(seed: seed &+ UInt64(number), stream: UInt64(index) &+ 0x7157)
            let label = r.uniform(below: TtlClassifyPattern.classes)
            let a = r.pick(keywords[label])
            var b = r.pick(keywords[label])
            while b == a { b = r.pick(keywords[label]) }
            return TtlClassifyPattern.record(TtlClassifyPattern.sentence(a, b, template: r.uniform(below: 5)),
                                             label: label)
        }
        return PatternPlan(
            facts: facts, distractor: distractor, wrapper: .classification,
            prompt: "The following chunks hold labelled training examples of a classification task with "
                + "\(TtlClassifyPattern.classes) labels (0 to \(TtlClassifyPattern.classes - 1)). Keep what you "
                + "need to label new sentences later.")
    }
}
