import JSONLines

/// A baseline-versus-candidate comparison of group scores: the CI regression gate.
public struct Comparison: Sendable {
    /// One compared group.
    public struct Row: Sendable, Equatable {
        /// The agent.
        public var agent: String
        /// The group (`squad@30k`).
        public var group: String
        /// The metric compared.
        public var metric: String
        /// The baseline's estimate, `nil` when the group is new.
        public var baseline: Estimate?
        /// The candidate's estimate, `nil` when the group is gone.
        public var candidate: Estimate?

        /// candidate − baseline.
        public var delta: Double? {
            guard let b = baseline, let c = candidate else { return nil }
            return c.mean - b.mean
        }

        /// Whether the two 95% intervals overlap.
        public var overlap: Bool? {
            guard let b = baseline, let c = candidate else { return nil }
            return b.low <= c.high && c.low <= b.high
        }
    }

    /// The metrics the gate compares, per data source and length bucket.
    public static let gatedMetrics = ["score", "answer_in_context"]

    /// The rows, ordered by agent, group and metric.
    public var rows: [Row]
    /// The largest fall that is tolerated.
    public var tolerance: Double

    /// Compares the `data_source+length_bucket` groups of the gated metrics.
    public init(baseline: [StoredSummary], candidate: [StoredSummary], tolerance: Double = 0.01) {
        self.tolerance = tolerance
        func index(_ s: [StoredSummary]) -> [String: StoredSummary] {
            var out: [String: StoredSummary] = [:]
            for x in s where x.dimension == "data_source+length_bucket" && Comparison.gatedMetrics.contains(x.metric) {
                out[x.agent + "\u{0}" + x.value + "\u{0}" + x.metric] = x
            }
            return out
        }
        let b = index(baseline), c = index(candidate)
        let keys = Set(b.keys).union(c.keys).sorted {
            let x = $0.split(separator: "\u{0}", omittingEmptySubsequences: false)
            let y = $1.split(separator: "\u{0}", omittingEmptySubsequences: false)
            if x[0] != y[0] { return x[0].utf8.lexicographicallyPrecedes(y[0].utf8) }
            if x[1] != y[1] { return Aggregation.precedes(String(x[1]), String(y[1])) }
            return x[2] < y[2]
        }
        rows = keys.map { key in
            let s = b[key] ?? c[key]
            return Row(agent: s?.agent ?? "", group: s?.value ?? "", metric: s?.metric ?? "",
                       baseline: b[key]?.estimate, candidate: c[key]?.estimate)
        }
    }

    /// Whether a row fell by more than the tolerance, or disappeared.
    public func regressed(_ row: Row) -> Bool {
        guard row.baseline != nil else { return false }
        guard let delta = row.delta else { return true }
        return delta < -tolerance - 1e-12
    }

    /// The rows that regressed.
    public var regressions: [Row] { rows.filter(regressed) }

    /// A Markdown table for CI logs and pull requests.
    public var markdown: String {
        var out = "| agent | group | metric | baseline | candidate | delta | intervals overlap | status |\n"
        out += "|---|---|---|---|---|---|---|---|\n"
        for r in rows {
            let status = regressed(r) ? "**regressed**" : r.baseline == nil ? "new" : "ok"
            let baseline: String = r.baseline.map { EvaluationReport.estimate($0) } ?? "–"
            let candidate: String = r.candidate.map { EvaluationReport.estimate($0) } ?? "missing"
            var delta = "–"
            if let d = r.delta { delta = (d >= 0 ? "+" : "") + EvaluationReport.fixed(d, 3) }
            var overlap = "–"
            if let o = r.overlap { overlap = o ? "yes" : "no" }
            let cells: [String] = [r.agent, r.group, r.metric, baseline, candidate, delta, overlap, status]
            out += "| " + cells.joined(separator: " | ") + " |\n"
        }
        let n = regressions.count
        out += "\n" + (n == 0 ? "No regression beyond the tolerance of \(EvaluationReport.fixed(tolerance, 3))."
            : "\(n) regression(s) beyond the tolerance of \(EvaluationReport.fixed(tolerance, 3)).") + "\n"
        return out
    }

    /// The JSON form.
    public var json: JSONValue {
        [
            "tolerance": .double(tolerance), "regressions": .int(Int64(regressions.count)),
            "rows": .array(rows.map { r in
                [
                    "agent": .string(r.agent), "group": .string(r.group), "metric": .string(r.metric),
                    "baseline": r.baseline?.json ?? .null, "candidate": r.candidate?.json ?? .null,
                    "delta": .number(r.delta), "overlap": r.overlap.map { .bool($0) } ?? .null,
                    "regressed": .bool(regressed(r)),
                ]
            }),
        ]
    }
}

/// A committed file of expected scores (`memkit.expected-scores/1`): what the project's CI compares with.
public enum ExpectedScores {
    /// The schema tag.
    public static let schema = "memkit.expected-scores/1"

    /// The file's JSON for `summaries` (only the gated groups).
    public static func json(_ summaries: [StoredSummary]) -> JSONValue {
        let kept = summaries.filter {
            $0.dimension == "data_source+length_bucket" && Comparison.gatedMetrics.contains($0.metric)
        }
        return ["schema": .string(schema), "groups": .array(kept.map(\.json))]
    }

    /// The file's text: the same JSON with one group per line, so that a change of expectations reads well in a
    /// diff.
    public static func text(_ summaries: [StoredSummary]) -> String {
        guard let groups = json(summaries)["groups"]?.arrayValue else { return "" }
        return "{\"groups\":[\n" + groups.map(\.jsonString).joined(separator: ",\n") + "\n],\"schema\":\""
            + schema + "\"}\n"
    }

    /// Reads an expectations file.
    public static func read(path: String) throws(EvaluationError) -> [StoredSummary] {
        let value: JSONValue
        do {
            value = try JSONParser.parse(try FileBytes.read(path: path))
        } catch {
            throw EvaluationError(error)
        }
        guard value["schema"]?.stringValue == schema, let groups = value["groups"]?.arrayValue else {
            throw EvaluationError(.invalid, "not an expected-scores file (schema \(schema) with 'groups')", path: path)
        }
        var out: [StoredSummary] = []
        for (i, g) in groups.enumerated() {
            guard let agent = g["agent"]?.stringValue, let dimension = g["dimension"]?.stringValue,
                  let group = g["value"]?.stringValue, let metric = g["metric"]?.stringValue,
                  let mean = g["mean"]?.doubleValue
            else {
                throw EvaluationError(.invalid, "groups[\(i)] needs agent, dimension, value, metric and mean", path: path)
            }
            out.append(StoredSummary(
                agent: agent, dimension: dimension, value: group, metric: metric,
                estimate: Estimate(mean: mean, low: g["low"]?.doubleValue ?? mean, high: g["high"]?.doubleValue ?? mean),
                instances: Int(g["instances"]?.intValue ?? 0), questions: Int(g["questions"]?.intValue ?? 0)))
        }
        return out
    }
}
