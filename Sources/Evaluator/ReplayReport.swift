import DatasetFormat
import JSONLines

/// How far a question's gold answer got, from the agent's writes to the reader's context.
public enum FailureAttribution: String, Sendable, Equatable, CaseIterable, Comparable {
    /// Nothing the agent wrote held the answer.
    case neverWritten = "never_written"
    /// It was written, then overwritten or deleted.
    case overwritten = "overwritten_or_deleted"
    /// It is in the final memory, but BM25 did not bring it into the reader's context.
    case notRetrieved = "stored_not_retrieved"
    /// It is in the reader's context.
    case inContext = "in_context"

    var rank: Int { FailureAttribution.allCases.firstIndex(of: self) ?? 0 }

    /// Stages are ordered from the earliest failure to success.
    public static func < (a: FailureAttribution, b: FailureAttribution) -> Bool { a.rank < b.rank }
}

/// The outcome for one question.
public struct QuestionResult: Sendable, Equatable {
    /// The question id.
    public var id: String
    /// The question type.
    public var type: String
    /// Whether the right response is to abstain.
    public var abstain: Bool
    /// The response, if the transcript has one.
    public var response: String?
    /// Mem-α's per-source score of the response (`nil` without a response).
    public var score: ScoreOutcome?
    /// SQuAD exact match, substring exact match and token F1 of the response (`nil` without one).
    public var exactMatch: Double?
    /// See ``exactMatch``.
    public var substringExactMatch: Double?
    /// See ``exactMatch``.
    public var f1: Double?
    /// The share of the gold answer found in the reader's context (`nil` for abstention questions).
    public var answerInContext: Double?
    /// How far the answer got (`nil` for abstention questions).
    public var attribution: FailureAttribution?
    /// Tokens of the reader's context.
    public var contextTokens: Int
}

/// The outcome of one agent on one instance.
public struct InstanceReport: Sendable, Equatable {
    /// The agent (the transcript's, or a baseline's name).
    public var agent: String
    /// The instance id.
    public var instance: String
    /// The instance's data source.
    public var dataSource: String
    /// The instance's competency.
    public var competency: String
    /// Total tokens of the instance's chunks.
    public var totalTokens: Int
    /// The chunk tokens Mem-α's compression reward divides by (equal to ``totalTokens`` unless Mem-α's
    /// `count_tokens` quirk is on and a chunk holds special-token text).
    public var rewardChunkTokens: Int
    /// The length bucket label.
    public var lengthBucket: String
    /// One record per chunk step.
    public var steps: [StepRecord]
    /// The final memory size in o200k tokens (Mem-α's `total_length`).
    public var memoryTokens: Int
    /// The questions.
    public var questions: [QuestionResult]
    /// Per-event problems (counted, not fatal).
    public var problems: [ReplayProblem]

    /// Tool calls in all.
    public var toolCalls: Int { steps.reduce(0) { $0 + $1.calls } }
    /// Successful tool calls.
    public var toolSuccesses: Int { steps.reduce(0) { $0 + $1.successes } }

    /// The share of calls that succeeded, `nil` without calls.
    public var toolSuccessRate: Double? { toolCalls == 0 ? nil : Double(toolSuccesses) / Double(toolCalls) }

    /// The mean Mem-α score over the questions that have one.
    public var meanScore: Double? { InstanceReport.mean(questions.compactMap { $0.score?.value }) }

    /// The mean answer-in-context over the questions it applies to.
    public var answerInContext: Double? { InstanceReport.mean(questions.compactMap(\.answerInContext)) }

    /// The mean of an optional-valued question metric.
    public func mean(_ metric: (QuestionResult) -> Double?) -> Double? {
        InstanceReport.mean(questions.compactMap(metric))
    }

    static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// The JSON form written by `evalmem --json --per-instance`.
    public var json: JSONValue {
        var counts: [String: Int] = [:]
        for p in problems { counts[p.kind, default: 0] += 1 }
        return [
            "agent": .string(agent), "instance": .string(instance), "data_source": .string(dataSource),
            "competency": .string(competency), "total_tokens": .int(Int64(totalTokens)),
            "length_bucket": .string(lengthBucket), "tool_calls": .int(Int64(toolCalls)),
            "tool_successes": .int(Int64(toolSuccesses)), "memory_tokens": .int(Int64(memoryTokens)),
            "memory_tokens_after_chunk": .array(steps.map { .int(Int64($0.memoryTokens)) }),
            "mean_score": JSONValue.number(meanScore), "answer_in_context": JSONValue.number(answerInContext),
            "problem_counts": .object(counts.mapValues { .int(Int64($0)) }),
            "problems": .array(problems.prefix(20).map { p in
                ["kind": .string(p.kind), "message": .string(p.message), "line": p.line.map { .int(Int64($0)) } ?? .null]
            }),
            "questions": .array(questions.map(\.json)),
        ]
    }
}

extension QuestionResult {
    /// The JSON form of one question's outcome.
    public var json: JSONValue {
        var o: [String: JSONValue] = [
            "id": .string(id), "type": .string(type), "abstain": .bool(abstain),
            "response": response.map { .string($0) } ?? .null,
            "exact_match": .number(exactMatch), "substring_exact_match": .number(substringExactMatch),
            "f1": .number(f1), "answer_in_context": .number(answerInContext),
            "attribution": attribution.map { .string($0.rawValue) } ?? .null,
            "context_tokens": .int(Int64(contextTokens)),
        ]
        switch score {
        case .scored(let v)?: o["score"] = .double(v)
        case .needsJudge?: o["score"] = "needs_judge"
        case .unsupported(let why)?: o["score"] = .string("unsupported: " + why)
        case nil: o["score"] = .null
        }
        return .object(o)
    }
}

extension JSONValue {
    /// A double, or null.
    static func number(_ value: Double?) -> JSONValue { value.map { .double($0) } ?? .null }
}

/// Length buckets for aggregation: each instance goes to the nearest bucket on a log scale; the last bucket is
/// open-ended and labelled with a `+`.
public struct LengthBuckets: Sendable, Equatable {
    /// Bucket centres in tokens, ascending.
    public var centres: [Int]

    /// 30k, 64k, 128k, 256k and 400k+ by default.
    public init(centres: [Int] = [30_000, 64_000, 128_000, 256_000, 400_000]) {
        precondition(!centres.isEmpty && centres.allSatisfy { $0 > 0 }, "bucket centres must be positive")
        self.centres = Array(Set(centres)).sorted()
    }

    /// Parses `30k,64k,1m,5000`.
    public init?(parsing text: String) {
        var values: [Int] = []
        for part in text.split(separator: ",") {
            guard let v = LengthBuckets.tokens(String(part)), v > 0 else { return nil }
            values.append(v)
        }
        guard !values.isEmpty else { return nil }
        self.init(centres: values)
    }

    /// `30k` → 30000, `1m` → 1000000, `512` → 512.
    public static func tokens(_ text: String) -> Int? {
        let t = String(text.lowercased().filter { $0 != " " })
        if t.hasSuffix("k") { return Int(t.dropLast()).map { $0 * 1000 } }
        if t.hasSuffix("m") { return Int(t.dropLast()).map { $0 * 1_000_000 } }
        return Int(t)
    }

    /// The label of the bucket for an instance of `tokens` tokens.
    public func label(_ tokens: Int) -> String {
        let t = Double(max(tokens, 1))
        var best = 0
        for k in centres.indices where abs(log2(t / Double(centres[k]))) < abs(log2(t / Double(centres[best]))) {
            best = k
        }
        return LengthBuckets.text(centres[best]) + (best == centres.count - 1 ? "+" : "")
    }

    /// The labels in ascending order.
    public var labels: [String] { centres.indices.map { LengthBuckets.text(centres[$0]) + ($0 == centres.count - 1 ? "+" : "") } }

    static func text(_ c: Int) -> String {
        c % 1_000_000 == 0 ? "\(c / 1_000_000)m" : c % 1000 == 0 ? "\(c / 1000)k" : "\(c)"
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
