import DatasetFormat
import MemorySim

extension Replay {
    /// Scores the replayed memory on every question of `instance`: Mem-α's per-source score and EM/F1 of the
    /// answer when the transcript has one, and for every question the answer-in-context share and the failure
    /// attribution (see `docs/evaluation.md`).
    /// - Complexity: per question, two BM25 searches, one to three o200k counts of the context, and a byte search
    ///   of the memory for each needle.
    public mutating func report(instance: Instance, agent: String, reader: ReaderSettings = ReaderSettings(),
                                template: ContextTemplate = .standard,
                                buckets: LengthBuckets = LengthBuckets()) -> InstanceReport {
        let coreHaystack = AnswerProbe.haystack(memory.core ?? "")
        // The reader sees core when it is not blank by Python's `str.strip()`, as Mem-α's QA server decides.
        let coreShown = !(memory.core ?? "").unicodeScalars.allSatisfy(PythonText.isSpace)
        // The final memory as one haystack: core, then every live item.
        var final = coreHaystack + [0x0A]
        var live: [(MemoryType, Int, String)] = []
        for type in [MemoryType.semantic, .episodic] {
            memory.forEachItem(type) { slot, _, content in live.append((type, slot, content)) }
        }
        for (type, slot, content) in live {
            final += itemHaystack(type, slot: slot, content: content)
            final.append(0x0A)
        }
        var results: [QuestionResult] = []
        results.reserveCapacity(instance.questions.count)
        for q in instance.questions {
            let response = answers[q.id]
            var result = QuestionResult(id: q.id, type: q.type, abstain: q.abstain, response: response, contextTokens: 0)
            if let response {
                result.score = AnswerScoring.memAlphaScore(prediction: response, answers: q.answers, dataSource: q.metric,
                                                           abstain: q.abstain)
                if !q.answers.isEmpty {
                    let p = AnswerScoring.stripThinking(response)
                    result.exactMatch = AnswerScoring.exactMatch(p, q.answers)
                    result.substringExactMatch = AnswerScoring.substringExactMatch(p, q.answers)
                    result.f1 = AnswerScoring.f1(p, q.answers)
                }
            }
            let context = memory.qaContext(question: q.question, topK: reader.topK, tokenBudget: reader.tokenBudget,
                                           template: template)
            result.contextTokens = context.tokens
            if let probe = AnswerProbe(question: q, dataSource: q.metric) {
                var inContext = [Bool](repeating: false, count: probe.count)
                if coreShown { probe.mark(in: coreHaystack, &inContext) }
                for hit in context.semantic { probe.mark(in: itemHaystack(.semantic, slot: hit.slot, content: hit.content), &inContext) }
                for hit in context.episodic { probe.mark(in: itemHaystack(.episodic, slot: hit.slot, content: hit.content), &inContext) }
                var stored = inContext
                probe.mark(in: final, &stored)
                var ever = stored
                probe.mark(in: written, &ever)
                result.answerInContext = probe.coverage(inContext)
                let stages: [FailureAttribution] = (0..<probe.count).map { i in
                    inContext[i] ? .inContext : stored[i] ? .notRetrieved : ever[i] ? .overwritten : .neverWritten
                }
                // Any one alternative suffices; every keyword is needed.
                result.attribution = probe.kind == .allOf ? stages.min() : stages.max()
            }
            results.append(result)
        }
        return InstanceReport(agent: agent, instance: instance.id, dataSource: instance.dataSource,
                              competency: instance.competency.rawValue, totalTokens: instance.stats.totalTokens,
                              rewardChunkTokens: memory.configuration.specialTokenTextCountsZero
                                  ? instance.chunks.reduce(0) { $0 + memory.countTokens($1.text) }
                                  : instance.stats.totalTokens,
                              lengthBucket: buckets.label(instance.stats.totalTokens), steps: steps,
                              memoryTokens: memory.totalTokens, questions: results, problems: problems)
    }

    /// The normalised haystack of an item, cached by slot (items loaded without a replayed write are normalised
    /// on first use).
    mutating func itemHaystack(_ type: MemoryType, slot: Int, content: String) -> [UInt8] {
        let t = type == .semantic ? 0 : 1
        if let known = normalized[t][slot] { return known }
        let made = AnswerProbe.haystack(content)
        normalized[t][slot] = made
        return made
    }
}
