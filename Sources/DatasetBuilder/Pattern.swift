import DatasetFormat
import JSONLines

/// A fact that a question depends on: the sentences that state it, and the question with its answers.
public struct PlannedFact: Sendable {
    /// The evidence placed in the stream, in reading order (one sentence for a single fact; two for a bridge
    /// question; a timeline for an attribute that changes). Part `j` of every fact is placed before part `j + 1`
    /// of any fact, so multi-part evidence lands far apart and timelines stay in order.
    public var parts: [String]
    /// The question asked after the stream.
    public var question: String
    /// Acceptable answers; the first is the canonical one.
    public var answers: [String]
    /// The question type.
    public var type: String
    /// The subject (e.g. a person's name) and the other values the attribute takes in the world, for the
    /// leakage check: no other sentence may pair the subject with one of those values. Empty: no check.
    public var subject: String
    public var otherValues: [String]

    /// The parts that hold the answer (all when nil), recorded as the question's evidence.
    public var evidenceParts: [Int]?
    /// Whether the right response is to abstain (the stream never states the answer; `parts` and `answers` are
    /// empty).
    public var abstain: Bool

    /// Creates a fact.
    public init(parts: [String], question: String, answers: [String], type: String, subject: String = "",
                otherValues: [String] = [], evidenceParts: [Int]? = nil) {
        self.evidenceParts = evidenceParts
        self.abstain = answers.isEmpty && parts.isEmpty
        self.parts = parts
        self.question = question
        self.answers = answers
        self.type = type
        self.subject = subject
        self.otherValues = otherValues
    }
}

/// What a pattern produces for one instance, before length fitting: the facts and a source of distractor
/// sentences from the same world.
public struct PatternPlan: Sendable {
    /// The evidence facts, in the order they should appear.
    public var facts: [PlannedFact]
    /// Distractor sentences, as many as asked for, deterministic in `index`; they never contradict a fact.
    public var distractor: @Sendable (_ index: Int) -> String
    /// The same sentences appended as UTF-8 to the assembler's buffer, for the built-in patterns that write them
    /// without building a string (the assembler prefers it; it must append exactly `distractor(index)`'s bytes),
    /// with their shape when they come from a template (see ``SentenceShape``).
    var appendDistractor: (@Sendable (_ index: Int, _ out: inout ByteArena, _ shape: inout SentenceShape) -> Void)?
        = nil
    /// How chunks are wrapped.
    public var wrapper: ChunkWrapper
    /// The instance-level instruction.
    public var prompt: String
}

extension PatternPlan {
    /// A plan whose distractors come as strings (what a pattern outside this module provides).
    public init(facts: [PlannedFact], distractor: @escaping @Sendable (_ index: Int) -> String, wrapper: ChunkWrapper,
                prompt: String) {
        self.init(facts: facts, distractor: distractor, appendDistractor: nil, wrapper: wrapper, prompt: prompt)
    }
}

/// A named generator of instances (one file per pattern, one line in ``PatternRegistry``).
public protocol Pattern: Sendable {
    /// The name used by `mkdataset --pattern`.
    var name: String { get }
    /// One line for `mkdataset patterns`.
    var summary: String { get }
    /// The MemoryAgentBench competency.
    var competency: Competency { get }
    /// Mem-α's scorer for the questions (`data_source`).
    var dataSource: String { get }
    /// Default maximum tokens per chunk.
    var defaultChunkTokens: Int { get }
    /// Builds the facts and distractors of instance `number` from `seed`, with no more evidence than fits in
    /// about a third of `budget` tokens (the shortest length the plan will be assembled at).
    func plan(seed: UInt64, number: Int, budget: Int) -> PatternPlan
}

extension Pattern {
    /// How many questions fit: `preferred`, or fewer so that their evidence (about `tokensEach` per question)
    /// stays within a third of the budget; at least one.
    static func questionCount(preferred: Int, tokensEach: Int, budget: Int) -> Int {
        max(1, min(preferred, budget / 3 / max(1, tokensEach)))
    }
}

/// The patterns memkit knows, by name.
public enum PatternRegistry {
    /// Every pattern, in listing order.
    public static let all: [any Pattern] = [
        ArDocPattern(), ArMultihopPattern(), ArPersonaPattern(), ArSessionsPattern(), TtlClassifyPattern(),
        LruBookPattern(), CrUpdatesPattern(),
    ]

    /// The pattern called `name`.
    public static func named(_ name: String) -> (any Pattern)? {
        all.first { $0.name == name }
    }
}
