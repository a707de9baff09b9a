import JSONLines

/// A mean with its 95% bootstrap interval over instances.
public struct Estimate: Sendable, Equatable {
    /// The mean over instances.
    public var mean: Double
    /// The 2.5th percentile of the bootstrap means.
    public var low: Double
    /// The 97.5th percentile of the bootstrap means.
    public var high: Double

    /// `{"mean", "low", "high"}`.
    public var json: JSONValue { ["mean": .double(mean), "low": .double(low), "high": .double(high)] }
}

/// The scores of one agent over one group of instances (a data source and length bucket, a competency, …).
public struct GroupSummary: Sendable, Equatable {
    /// The agent.
    public var agent: String
    /// What the group is cut by: `data_source+length_bucket`, `competency`, `length_bucket` or `all`.
    public var dimension: String
    /// The group's value along that dimension (`squad@30k`, `accurate_retrieval`, …; `all` for everything).
    public var value: String
    /// Instances in the group.
    public var instances: Int
    /// Questions in the group.
    public var questions: Int
    /// Mem-α's per-source score (mean of per-instance means), when the agent answered.
    public var score: Estimate?
    /// Answer-in-context (mean of per-instance means).
    public var answerInContext: Estimate?
    /// Exact match, substring exact match and token F1, when the agent answered.
    public var exactMatch: Double?
    /// See ``exactMatch``.
    public var substringExactMatch: Double?
    /// See ``exactMatch``.
    public var f1: Double?
    /// The mean final memory size in o200k tokens.
    public var memoryTokens: Double
    /// Successful calls over all calls, pooled; `nil` without calls.
    public var toolSuccessRate: Double?
    /// Questions per failure attribution.
    public var attribution: [FailureAttribution: Int]

    /// The JSON form.
    public var json: JSONValue {
        var counts: [String: JSONValue] = [:]
        for a in FailureAttribution.allCases { counts[a.rawValue] = .int(Int64(attribution[a] ?? 0)) }
        return [
            "agent": .string(agent), "dimension": .string(dimension), "value": .string(value),
            "instances": .int(Int64(instances)), "questions": .int(Int64(questions)),
            "score": score?.json ?? .null, "answer_in_context": answerInContext?.json ?? .null,
            "exact_match": .number(exactMatch), "substring_exact_match": .number(substringExactMatch),
            "f1": .number(f1), "memory_tokens": .double(memoryTokens), "tool_success_rate": .number(toolSuccessRate),
            "attribution": .object(counts),
        ]
    }
}

/// Groups instance reports and computes means with bootstrap intervals.
public enum Aggregation {
    /// The dimensions every report is cut by, in output order.
    public static let dimensions = ["all", "data_source+length_bucket", "competency", "length_bucket"]

    /// Summaries per agent and per group, in a deterministic order (agents as first seen, then dimension, then
    /// value in byte order). `samples` bootstrap resamples use a generator seeded from `seed` and the group.
    public static func summarize(_ reports: [InstanceReport], samples: Int = 1000, seed: UInt64 = 0x6D656D6B6974)
        -> [GroupSummary]
    {
        var agents: [String] = []
        for r in reports where !agents.contains(r.agent) { agents.append(r.agent) }
        var out: [GroupSummary] = []
        for agent in agents {
            let mine = reports.filter { $0.agent == agent }
            for dimension in dimensions {
                var groups: [String: [InstanceReport]] = [:]
                for r in mine { groups[key(r, dimension), default: []].append(r) }
                for value in groups.keys.sorted(by: precedes) {
                    out.append(summary(agent: agent, dimension: dimension, value: value, groups[value] ?? [],
                                       samples: samples, seed: seed))
                }
            }
        }
        return out
    }

    /// Group values in order: by the text before `@` in byte order, then by length (`8k` before `16k+`).
    public static func precedes(_ a: String, _ b: String) -> Bool {
        func split(_ v: String) -> (String, Int?) {
            let parts = v.split(separator: "@", maxSplits: 1).map(String.init)
            let bucket = String((parts.last ?? v).filter { $0 != "+" })
            let tokens = LengthBuckets.tokens(bucket)
            return parts.count == 2 ? (parts[0], tokens) : (tokens == nil ? v : "", tokens)
        }
        let (x, y) = (split(a), split(b))
        if x.0 != y.0 { return x.0.utf8.lexicographicallyPrecedes(y.0.utf8) }
        if let p = x.1, let q = y.1, p != q { return p < q }
        return a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    static func key(_ r: InstanceReport, _ dimension: String) -> String {
        switch dimension {
        case "data_source+length_bucket": return r.dataSource + "@" + r.lengthBucket
        case "competency": return r.competency
        case "length_bucket": return r.lengthBucket
        default: return "all"
        }
    }

    static func summary(agent: String, dimension: String, value: String, _ group: [InstanceReport], samples: Int,
                        seed: UInt64) -> GroupSummary {
        var attribution: [FailureAttribution: Int] = [:]
        for r in group {
            for q in r.questions { if let a = q.attribution { attribution[a, default: 0] += 1 } }
        }
        let calls = group.reduce(0) { $0 + $1.toolCalls }
        let successes = group.reduce(0) { $0 + $1.toolSuccesses }
        let groupSeed = seed ^ fnv1a(agent + "\u{0}" + dimension + "\u{0}" + value)
        return GroupSummary(
            agent: agent, dimension: dimension, value: value, instances: group.count,
            questions: group.reduce(0) { $0 + $1.questions.count },
            score: estimate(group.compactMap(\.meanScore), samples: samples, seed: groupSeed),
            answerInContext: estimate(group.compactMap(\.answerInContext), samples: samples, seed: groupSeed &+ 1),
            exactMatch: InstanceReport.mean(group.compactMap { $0.mean(\.exactMatch) }),
            substringExactMatch: InstanceReport.mean(group.compactMap { $0.mean(\.substringExactMatch) }),
            f1: InstanceReport.mean(group.compactMap { $0.mean(\.f1) }),
            memoryTokens: InstanceReport.mean(group.map { Double($0.memoryTokens) }) ?? 0,
            toolSuccessRate: calls == 0 ? nil : Double(successes) / Double(calls), attribution: attribution)
    }

    /// The mean of `values` with a percentile bootstrap interval (`nil` for no values).
    public static func estimate(_ values: [Double], samples: Int = 1000, seed: UInt64) -> Estimate? {
        guard let mean = InstanceReport.mean(values) else { return nil }
        guard values.count > 1, samples > 0 else { return Estimate(mean: mean, low: mean, high: mean) }
        var state = seed
        var means: [Double] = []
        means.reserveCapacity(samples)
        let n = UInt64(values.count)
        for _ in 0..<samples {
            var total = 0.0
            for _ in 0..<values.count { total += values[Int(splitmix(&state) % n)] }
            means.append(total / Double(values.count))
        }
        means.sort()
        func percentile(_ p: Double) -> Double {
            let position = p * Double(samples - 1)
            let below = Int(position)
            let above = min(below + 1, samples - 1)
            return means[below] + (means[above] - means[below]) * (position - Double(below))
        }
        return Estimate(mean: mean, low: percentile(0.025), high: percentile(0.975))
    }

    /// SplitMix64: the bootstrap's generator (modulo bias is below 2^-40 for any realistic group size).
    static func splitmix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static func fnv1a(_ text: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        return h
    }
}
