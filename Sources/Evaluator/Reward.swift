import JSONLines

/// Mem-α's reward, computed from a replayed transcript (`memalpha-facts.md` §7):
/// `R_step = r1 + β·r3 + r2_step + γ·r4_step` for each chunk step of an instance.
public struct InstanceReward: Sendable, Equatable {
    /// One chunk step's reward terms.
    public struct Step: Sendable, Equatable {
        /// The chunk index.
        public var chunk: Int
        /// r2: successful calls over calls, 0 for a step without calls.
        public var r2: Double
        /// r4: mean placement score over the step's calls (memkit's rules), 0 without calls.
        public var r4: Double
        /// The step's total.
        public var total: Double
    }

    /// The instance id.
    public var instance: String
    /// r1: QA accuracy.
    public var r1: Double
    /// Where r1 came from: `answers` (Mem-α's per-source scores of the transcript's answers), or
    /// `answer_in_context` when the transcript has no scorable answers (an LLM-free stand-in), or `none`.
    public var r1Source: String
    /// r3: compression, `1 − memory tokens / chunk tokens` (negative when memory outgrows the input).
    public var r3: Double
    /// The chunk steps.
    public var steps: [Step]

    /// The mean step total.
    public var total: Double { steps.isEmpty ? r1 + r3 : steps.reduce(0) { $0 + $1.total } / Double(steps.count) }

    /// The reward of one replayed instance with weights `beta` (compression) and `gamma` (placement).
    public init(report: InstanceReport, beta: Double = 0.05, gamma: Double = 0.1) {
        instance = report.instance
        if let score = report.meanScore {
            r1 = score
            r1Source = "answers"
        } else if let inContext = report.answerInContext {
            r1 = inContext
            r1Source = "answer_in_context"
        } else {
            r1 = 0
            r1Source = "none"
        }
        r3 = report.rewardChunkTokens == 0 ? 0 : 1 - Double(report.memoryTokens) / Double(report.rewardChunkTokens)
        let (r1, r3) = (r1, r3)
        steps = report.steps.map { s in
            let r2 = s.calls == 0 ? 0 : Double(s.successes) / Double(s.calls)
            let r4 = s.calls == 0 ? 0 : s.placement / Double(s.calls)
            return Step(chunk: s.chunk, r2: r2, r4: r4, total: r1 + beta * r3 + r2 + gamma * r4)
        }
    }

    /// The JSON form written by `evalmem reward --json`.
    public var json: JSONValue {
        [
            "instance": .string(instance), "r1": .double(r1), "r1_source": .string(r1Source), "r3": .double(r3),
            "total": .double(total),
            "steps": .array(steps.map { ["chunk": .int(Int64($0.chunk)), "r2": .double($0.r2), "r4": .double($0.r4),
                                         "total": .double($0.total)] }),
        ]
    }
}
