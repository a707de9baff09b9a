import JSONLines

/// One dataset instance in schema `memkit.instance/1`: a stream of chunks and the questions asked after it.
///
/// Field names and meanings follow Mem-α where it has them (`id`, `data_source`, `prompt`, chunks, questions);
/// `docs/dataset-format.md` documents each field.
public struct Instance: Sendable, Equatable {
    /// The schema tag written in every record.
    public static let schema = "memkit.instance/1"

    /// A unique id within its dataset.
    public var id: String
    /// The generator pattern (e.g. `ar-doc`) or the import source (e.g. `longmemeval`).
    public var pattern: String
    /// The MemoryAgentBench competency the instance measures.
    public var competency: Competency
    /// Mem-α's scorer name (`squad`, `hotpotqa`, `perltqa`, `lme_train`, `pubmed-rct`, `icl_*`, `booksum`, …).
    public var dataSource: String
    /// The instance-level instruction (Mem-α uses it only for baselines).
    public var prompt: String
    /// The seed the instance was generated from (0 to 2^63−1); `nil` for imported data.
    public var seed: UInt64? {
        didSet { precondition((seed ?? 0) <= UInt64(Int64.max), "seeds are limited to 0...2^63-1") }
    }
    /// The chunks, in reading order.
    public var chunks: [Chunk]
    /// The evaluation questions.
    public var questions: [Question]
    /// Size statistics.
    public var stats: Stats
    /// What produced the instance.
    public var generator: Generator
    /// Free-form extra data (import provenance, for example). Written with sorted keys.
    public var metadata: [String: JSONValue]

    /// Creates an instance.
    public init(id: String, pattern: String, competency: Competency, dataSource: String, prompt: String,
                seed: UInt64?, chunks: [Chunk], questions: [Question], stats: Stats, generator: Generator,
                metadata: [String: JSONValue] = [:])
    {
        self.id = id
        self.pattern = pattern
        self.competency = competency
        self.dataSource = dataSource
        self.prompt = prompt
        self.seed = seed
        self.chunks = chunks
        self.questions = questions
        self.stats = stats
        self.generator = generator
        self.metadata = metadata
    }
}

/// The four competencies of MemoryAgentBench, with Mem-α's spelling.
public enum Competency: String, Sendable, Equatable, CaseIterable {
    /// Find a fact stated somewhere in the history.
    case accurateRetrieval = "accurate_retrieval"
    /// Learn a task (e.g. a classifier) from examples in the history.
    case testTimeLearning = "test_time_learning"
    /// Summarise or reason over the whole history.
    case longRangeUnderstanding = "long_range_understanding"
    /// Keep the latest of conflicting facts.
    case conflictResolution = "conflict_resolution"
}

/// One chunk of the stream that the agent reads.
public struct Chunk: Sendable, Equatable {
    /// The 0-based position in ``Instance/chunks``.
    public var index: Int
    /// The text as the agent sees it, wrapper included.
    public var text: String
    /// When the chunk happened (`YYYY-MM-DD HH:MM` or `YYYY-MM-DD`), if the pattern has dates.
    public var timestamp: String?
    /// The length of ``text`` in tokens of ``Stats/tokenizer``.
    public var tokens: Int

    /// Creates a chunk.
    public init(index: Int, text: String, timestamp: String?, tokens: Int) {
        self.index = index
        self.text = text
        self.timestamp = timestamp
        self.tokens = tokens
    }
}

/// A question asked after the stream, with its gold answers and where the evidence lies.
public struct Question: Sendable, Equatable {
    /// A unique id within the instance.
    public var id: String
    /// The question text.
    public var question: String
    /// Acceptable gold answers (any one is correct); empty only for abstention questions.
    public var answers: [String]
    /// The scoring rule (a Mem-α data-source scorer or a memkit metric name).
    public var metric: String
    /// The question type (e.g. `single-hop`, `temporal-reasoning`, `current-value`).
    public var type: String
    /// Where the answer is stated in the chunks.
    public var evidence: [Evidence]
    /// When the question is asked, if the pattern has dates.
    public var askedAt: String?
    /// Whether the correct response is to abstain (the answer is not in the history).
    public var abstain: Bool

    /// Creates a question.
    public init(id: String, question: String, answers: [String], metric: String, type: String,
                evidence: [Evidence], askedAt: String?, abstain: Bool)
    {
        self.id = id
        self.question = question
        self.answers = answers
        self.metric = metric
        self.type = type
        self.evidence = evidence
        self.askedAt = askedAt
        self.abstain = abstain
    }
}

/// A span of evidence: UTF-8 byte offsets `[start, end)` inside one chunk's text.
public struct Evidence: Sendable, Equatable, Hashable {
    /// The chunk index.
    public var chunk: Int
    /// The first byte of the span.
    public var start: Int
    /// One past the last byte of the span.
    public var end: Int

    /// Creates an evidence span.
    public init(chunk: Int, start: Int, end: Int) {
        self.chunk = chunk
        self.start = start
        self.end = end
    }
}

/// Size statistics of an instance.
public struct Stats: Sendable, Equatable {
    /// The tokenizer the counts are in (`o200k_base`).
    public var tokenizer: String
    /// The sum of the chunks' token counts.
    public var totalTokens: Int
    /// The requested total, when the generator had one.
    public var targetTokens: Int?
    /// The number of chunks.
    public var numChunks: Int

    /// Creates statistics.
    public init(tokenizer: String, totalTokens: Int, targetTokens: Int?, numChunks: Int) {
        self.tokenizer = tokenizer
        self.totalTokens = totalTokens
        self.targetTokens = targetTokens
        self.numChunks = numChunks
    }
}

/// What produced an instance: a tool name, its version, and the parameters that determine the output.
public struct Generator: Sendable, Equatable {
    /// The producing tool (`mkdataset`, an importer name, …).
    public var name: String
    /// Its version.
    public var version: String
    /// The parameters that, with the seed, determine the instance.
    public var parameters: [String: JSONValue]

    /// Creates a generator record.
    public init(name: String, version: String, parameters: [String: JSONValue]) {
        self.name = name
        self.version = version
        self.parameters = parameters
    }
}
