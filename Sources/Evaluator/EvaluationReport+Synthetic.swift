extension EvaluationReport {
    /// A deterministic report of `instances` instances × `questions` questions for one agent, with every metric
    /// set (5 stored rows per question): the input of the score-store benchmarks and stress tests.
    public static func synthetic(instances: Int, questions: Int, seed: UInt64 = 1, agent: String = "synthetic",
                                 samples: Int = 200) -> EvaluationReport {
        var state = seed
        let sources = ["squad", "hotpotqa", "booksum", "icl_memkit_6class"]
        let buckets = ["30k", "64k", "128k", "256k", "400k+"]
        var reports: [InstanceReport] = []
        reports.reserveCapacity(instances)
        for i in 0..<instances {
            let source = sources[i % sources.count]
            var qs: [QuestionResult] = []
            qs.reserveCapacity(questions)
            for q in 0..<questions {
                let r = Double(Aggregation.splitmix(&state) % 1000) / 999
                var result = QuestionResult(id: "q\(q)", type: "single-hop", abstain: false, response: "r",
                                            contextTokens: 1000)
                result.score = .scored(r > 0.4 ? 1 : 0)
                result.exactMatch = r > 0.6 ? 1 : 0
                result.substringExactMatch = r > 0.4 ? 1 : 0
                result.f1 = r
                result.answerInContext = r > 0.2 ? 1 : 0
                result.attribution = r > 0.2 ? .inContext : .neverWritten
                qs.append(result)
            }
            reports.append(InstanceReport(
                agent: agent, instance: "inst-\(i)", dataSource: source,
                competency: source == "booksum" ? "long_range_understanding" : "accurate_retrieval",
                totalTokens: 30_000, rewardChunkTokens: 30_000, lengthBucket: buckets[i % buckets.count],
                steps: [StepRecord(chunk: 0, calls: 4, successes: 3, placement: 2, memoryTokens: 800)],
                memoryTokens: 800, questions: qs, problems: []))
        }
        return EvaluationReport(agent: agent, datasetPath: "synthetic", datasetSHA256: String(repeating: "0", count: 64),
                                instances: reports, skippedInstances: [],
                                groups: Aggregation.summarize(reports, samples: samples))
    }
}
