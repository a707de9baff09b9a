import DatasetFormat
import JSONLines
import MemorySim
import Testing
@testable import Evaluator

/// A hand-built instance: three chunks, questions with evidence, in the given data source.
func makeInstance(_ id: String = "i0", source: String = "squad", questions: [Question]) -> Instance {
    let texts = ["On Monday Ama Rell moved to Kesh.", "The lighthouse at Tevrin was built in 1911.",
                 "Bo Tam sells smoked eel at the market."]
    let chunks = texts.enumerated().map { Chunk(index: $0, text: $1, timestamp: "2024-01-0\($0 + 1) 00:00", tokens: 10) }
    return Instance(id: id, pattern: "test", competency: .accurateRetrieval, dataSource: source, prompt: "", seed: nil,
                    chunks: chunks, questions: questions,
                    stats: Stats(tokenizer: "o200k_base", totalTokens: 30, targetTokens: nil, numChunks: 3),
                    generator: Generator(name: "test", version: "1", parameters: [:]))
}

func question(_ id: String, _ text: String, _ answers: [String], evidence: [Evidence] = [], abstain: Bool = false,
              metric: String = "squad") -> Question {
    Question(id: id, question: text, answers: answers, metric: metric, type: "t", evidence: evidence, askedAt: nil,
             abstain: abstain)
}

func insert(_ chunk: Int, _ type: String, _ content: String, id: String? = nil) -> Transcript.Action {
    .call(chunk: chunk, ToolCall(name: "new_memory_insert", arguments: ["memory_type": .string(type),
                                                                       "content": .string(content)], assignedId: id),
          logged: nil, line: 0)
}

func call(_ chunk: Int, _ name: String, _ arguments: [String: JSONValue]) -> Transcript.Action {
    .call(chunk: chunk, ToolCall(name: name, arguments: arguments), logged: nil, line: 0)
}

@Suite struct ReplayTests {
    static let questions = [
        question("where", "Where did Ama Rell move?", ["Kesh"]),
        question("built", "When was the lighthouse at Tevrin built?", ["1911"]),
        question("sells", "What does Bo Tam sell at the market?", ["smoked eel"]),
    ]

    func report(_ actions: [Transcript.Action], reader: ReaderSettings = ReaderSettings(),
                questions: [Question] = ReplayTests.questions) throws -> InstanceReport {
        var script = Transcript.Script(instance: "i0")
        script.actions = actions
        let instance = makeInstance(questions: questions)
        var replay = try Replay.run(script, instance: instance)
        return replay.report(instance: instance, agent: "a", reader: reader)
    }

    func attribution(_ r: InstanceReport) -> [String: FailureAttribution?] {
        Dictionary(uniqueKeysWithValues: r.questions.map { ($0.id, $0.attribution) })
    }

    @Test func attributesEachPlantedFailure() throws {
        let r = try report([
            insert(0, "semantic_memory", "Ama Rell moved to Kesh on Monday.", id: "k1"),
            insert(1, "semantic_memory", "Tevrin's lighthouse dates from 1911.", id: "k2"),
            call(1, "memory_update", ["memory_type": "semantic_memory", "memory_id": "k2",
                                      "new_content": "Tevrin has a lighthouse."]),
        ])
        let a = attribution(r)
        #expect(a["where"] == .inContext)
        #expect(a["built"] == .overwritten)
        #expect(a["sells"] == .neverWritten)
        #expect(r.questions.map(\.answerInContext) == [1, 0, 0])
    }

    @Test func deletedEvidenceCountsAsOverwritten() throws {
        let r = try report([
            insert(2, "episodic_memory", "On 2024-01-03 Bo Tam sold smoked eel.", id: "e1"),
            call(2, "memory_delete", ["memory_type": "episodic_memory", "memory_id": "e1"]),
        ])
        #expect(attribution(r)["sells"] == .overwritten)
    }

    @Test func storedButNotRetrievedWhenTheReaderSeesTooLittle() throws {
        var actions: [Transcript.Action] = [insert(0, "semantic_memory", "Kesh.", id: "k0")]
        for n in 1...3 {
            actions.append(insert(0, "semantic_memory", "Nobody knows where Ama Rell \(n) did move."))
        }
        for n in 1...8 { actions.append(insert(0, "semantic_memory", "Filler fact \(n) about the weather.")) }
        let r = try report(actions, reader: ReaderSettings(topK: 2))
        #expect(attribution(r)["where"] == .notRetrieved)
        #expect(r.questions[0].answerInContext == 0)
        // The same memory with the standard reader brings it in.
        #expect(attribution(try report(actions))["where"] == .inContext)
    }

    @Test func coreCountsAsContextAndKeywordListsNeedEveryKeyword() throws {
        let summary = question("sum", "Summarize the book", ["Ama, Kesh, lighthouse"], metric: "booksum")
        let r = try report([
            call(0, "memory_update", ["memory_type": "core_memory", "new_content": "Ama went to Kesh."]),
        ], questions: [summary])
        #expect(abs((r.questions[0].answerInContext ?? -1) - 2.0 / 3.0) < 1e-12)
        #expect(r.questions[0].attribution == .neverWritten)
    }

    @Test func answersMatchOnWordBoundariesOnly() throws {
        let r = try report([insert(0, "semantic_memory", "It happened in 19111 or 21911.")])
        #expect(r.questions[1].answerInContext == 0)
    }

    @Test func abstentionQuestionsHaveNoProbe() throws {
        let q = question("none", "What is Ama's shoe size?", [], abstain: true)
        let r = try report([], questions: [q])
        #expect(r.questions[0].answerInContext == nil && r.questions[0].attribution == nil)
    }

    @Test func countsEventProblemsWithoutStopping() throws {
        var script = Transcript.Script(instance: "i0")
        script.actions = [
            insert(0, "semantic_memory", "kept", id: "aa"),
            call(0, "no_such_tool", [:]),
            call(1, "memory_update", ["memory_type": "semantic_memory", "memory_id": "zz", "new_content": "x"]),
            .call(chunk: 1, ToolCall(name: "new_memory_insert", arguments: .text("no json at all")), logged: nil, line: 7),
            insert(9, "semantic_memory", "chunk 9 does not exist"),
            insert(0, "semantic_memory", "back to chunk 0"),
            .answer(question: "nope", response: "?", line: 9),
            .answer(question: "where", response: "Kesh", line: 10),
            .answer(question: "where", response: "again", line: 11),
        ]
        let instance = makeInstance(questions: Self.questions)
        var replay = try Replay.run(script, instance: instance)
        #expect(replay.problems.map(\.kind) == ["unknown_tool", "unknown_memory_id", "invalid_json",
                                                "chunk_out_of_range", "out_of_order", "unknown_question",
                                                "duplicate_answer"])
        // A call out of order counts in the step it names.
        #expect(replay.steps.map(\.calls) == [3, 2, 0])
        #expect(replay.steps.map(\.successes) == [2, 0, 0])
        let r = replay.report(instance: instance, agent: "a")
        #expect(r.questions[0].response == "Kesh" && r.questions[0].score == .scored(1))
        #expect(r.memoryTokens == replay.memory.totalTokens)
    }

    @Test func memorySizeIsRecordedAfterEveryChunk() throws {
        let r = try report([insert(0, "semantic_memory", "one two three"), .read(chunk: 1),
                            insert(2, "episodic_memory", "On Monday, four five")])
        #expect(r.steps[0].memoryTokens == r.steps[1].memoryTokens)
        #expect(r.steps[0].memoryTokens > 0 && r.steps[2].memoryTokens > r.steps[1].memoryTokens)
        #expect(r.steps[2].memoryTokens == r.memoryTokens)
    }

    @Test func rewardCombinesTheFourTerms() throws {
        let r = try report([
            insert(0, "episodic_memory", "On Monday Ama Rell moved to Kesh."),
            insert(0, "episodic_memory", "Ama likes tea"),
            call(1, "no_such_tool", [:]),
        ])
        let reward = InstanceReward(report: r, beta: 0.5, gamma: 0.25)
        #expect(reward.r1Source == "answer_in_context")
        #expect(abs(reward.r1 - 1.0 / 3.0) < 1e-12)
        #expect(abs(reward.r3 - (1 - Double(r.memoryTokens) / 30)) < 1e-12)
        #expect(reward.steps.map(\.r2) == [1, 0, 0])
        #expect(reward.steps.map(\.r4) == [0.5, 0, 0])
        #expect(abs(reward.steps[0].total - (reward.r1 + 0.5 * reward.r3 + 1 + 0.25 * 0.5)) < 1e-12)
        #expect(abs(reward.steps[2].total - (reward.r1 + 0.5 * reward.r3)) < 1e-12)
    }

    @Test func placementRules() {
        #expect(Placement.score(type: .episodic, content: "Met Bo at the ford.", timestamp: nil) == 0)
        #expect(Placement.score(type: .episodic, content: "Met Bo on 3/4.", timestamp: nil) == 1)
        #expect(Placement.score(type: .episodic, content: "Met Bo yesterday.", timestamp: nil) == 1)
        #expect(Placement.score(type: .episodic, content: "Met Bo in March", timestamp: nil) == 1)
        #expect(Placement.score(type: .episodic, content: "Met Bo at 14:30", timestamp: nil) == 1)
        #expect(Placement.score(type: .episodic, content: "2024-01-02 Met Bo", timestamp: "2024-01-02 00:00") == 1)
        #expect(Placement.score(type: .semantic, content: "Bo is a fisher.", timestamp: nil) == 1)
        #expect(Placement.score(type: .semantic, content: "  ", timestamp: nil) == 0)
        #expect(Placement.score(type: .core, content: "Updated core memory with the user's facts.", timestamp: nil) == 0)
        #expect(Placement.score(type: .core, content: "The user fishes for eel.", timestamp: nil) == 1)
    }
}
