import JSONLines

extension EvaluationReport {
    /// The machine-readable report (`evalmem --json`); per-instance details when `perInstance`.
    public func json(perInstance: Bool = false) -> JSONValue {
        var o: [String: JSONValue] = [
            "schema": "memkit.evaluation/1",
            "agent": agent.map { .string($0) } ?? .null,
            "dataset": ["path": .string(datasetPath), "sha256": .string(datasetSHA256)],
            "skipped_instances": .array(skippedInstances.map { .string($0) }),
            "problem_counts": .object(problemCounts.mapValues { .int(Int64($0)) }),
            "groups": .array(groups.map(\.json)),
        ]
        if perInstance { o["instances"] = .array(instances.map(\.json)) }
        return .object(o)
    }

    /// A table for the terminal: by data source and length, by length, by competency, then problem counts.
    public func table() -> String {
        var out = ""
        let header = [("group", 26), ("agent", 16), ("inst", 5), ("score [95% CI]", 22), ("in-context [95% CI]", 22),
                      ("memory tok", 11), ("tool ok", 8)]
        for (dimension, title) in [("data_source+length_bucket", "By data source and length"),
                                   ("length_bucket", "By length"), ("competency", "By competency")] {
            let rows = groups.filter { $0.dimension == dimension }
                .sorted { $0.value != $1.value ? Aggregation.precedes($0.value, $1.value)
                    : agentRank($0.agent) < agentRank($1.agent) }
            guard !rows.isEmpty else { continue }
            out += title + "\n"
            out += header.map { Self.pad($0.0, $0.1, right: $0.0 != "group" && $0.0 != "agent") }
                .joined(separator: " ") + "\n"
            var last = ""
            for g in rows {
                let cells = [
                    g.value == last ? "" : g.value, g.agent, "\(g.instances)", Self.estimate(g.score),
                    Self.estimate(g.answerInContext), Self.fixed(g.memoryTokens, 0),
                    g.toolSuccessRate.map { Self.fixed($0 * 100, 1) + "%" } ?? "-",
                ]
                last = g.value
                out += zip(cells, header).map { Self.pad($0, $1.1, right: $1.0 != "group" && $1.0 != "agent") }
                    .joined(separator: " ") + "\n"
            }
            out += "\n"
        }
        let counts = problemCounts
        if !counts.isEmpty {
            out += "Problems in the transcript (counted, not fatal): "
            out += counts.keys.sorted().map { "\($0) \(counts[$0] ?? 0)" }.joined(separator: ", ") + "\n"
        }
        if !skippedInstances.isEmpty {
            out += "\(skippedInstances.count) dataset instance(s) have no transcript events and were left out.\n"
        }
        return out
    }

    func agentRank(_ name: String) -> Int {
        if name == agent { return -1 }
        return Baseline.allCases.firstIndex { $0.rawValue == name } ?? Baseline.allCases.count
    }

    /// `x` with three decimals.
    public static func format(_ x: Double) -> String { fixed(x, 3) }

    static func estimate(_ e: Estimate?) -> String {
        guard let e else { return "-" }
        return fixed(e.mean, 3) + " [" + fixed(e.low, 2) + "," + fixed(e.high, 2) + "]"
    }

    /// `x` with `digits` decimals, rounded half away from zero (no `String(format:)`).
    static func fixed(_ x: Double, _ digits: Int) -> String {
        guard x.isFinite else { return "\(x)" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(x) * scale).rounded()
        let whole = Int(scaled / scale)
        let fraction = Int(scaled - Double(whole) * scale)
        var text = (x < 0 && scaled > 0 ? "-" : "") + "\(whole)"
        if digits > 0 {
            let f = "\(fraction)"
            text += "." + String(repeating: "0", count: max(0, digits - f.count)) + f
        }
        return text
    }

    static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return right ? fill + text : text + fill
    }
}
