import DatasetFormat
import JSONLines

/// A fact that a question depends on: the sentence that states it, and the question with its answers.
public struct PlannedFact: Sendable {
    /// The sentence placed in the stream (it contains every answer verbatim).
    public var sentence: String
    /// The question asked after the stream.
    public var question: String
    /// Acceptable answers; the first is the canonical one.
    public var answers: [String]
    /// The question type.
    public var type: String
    /// The subject (e.g. a person's name) and the other values the attribute takes in the world, for the
    /// leakage check: no other sentence may pair the subject with one of those values.
    public var subject: String
    public var otherValues: [String]
}

/// What a pattern produces for one instance, before length fitting: the facts and a source of distractor
/// sentences from the same world.
public struct PatternPlan: Sendable {
    /// The evidence facts, in the order they should appear.
    public var facts: [PlannedFact]
    /// Distractor sentences, as many as asked for, deterministic in `index`; they never contradict a fact.
    public var distractor: @Sendable (_ index: Int) -> String
    /// How chunks are wrapped.
    public var wrapper: ChunkWrapper
    /// The instance-level instruction.
    public var prompt: String
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
    /// Builds the facts and distractors of instance `number` from `seed`.
    func plan(seed: UInt64, number: Int) -> PatternPlan
}

/// The patterns memkit knows, by name.
public enum PatternRegistry {
    /// Every pattern, in listing order.
    public static let all: [any Pattern] = [ArDocPattern()]

    /// The pattern called `name`.
    public static func named(_ name: String) -> (any Pattern)? {
        all.first { $0.name == name }
    }
}
