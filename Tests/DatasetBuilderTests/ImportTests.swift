import DatasetFormat
import Foundation
import JSONLines
import Testing
@testable import DatasetBuilder

@Suite struct ImportTests {
    static func fixture(_ name: String) throws -> String {
        try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures")).path
    }

    static func text(_ instance: Instance, _ e: Evidence) -> String {
        String(decoding: Array(instance.chunks[e.chunk].text.utf8)[e.start..<e.end], as: UTF8.self)
    }

    static func temporary(_ contents: String) throws -> String {
        let path = NSTemporaryDirectory() + "memkit-import-\(UUID().uuidString).json"
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func longMemEvalFieldByField() throws {
        let (instances, report) = try ImportSource.longmemeval.importFile(path: Self.fixture("longmemeval"))
        #expect(instances.map(\.id) == ["e47becba", "0a995998", "gpt4_2655b836_abs"])
        let a = instances[0]
        #expect(a.dataSource == "longmemeval_s" && a.competency == .accurateRetrieval && a.pattern == "longmemeval")
        #expect(a.chunks.count == 2)
        #expect(a.chunks[0].text == "[Dialogue at timestamp 2023/05/20 (Sat) 02:21]\n<User>Can you suggest a name "
            + "for a bakery?\n<Assistant>How about Rise & Shine Bakery?")
        #expect(a.chunks.map(\.timestamp) == ["2023-05-20 02:21", "2023-05-22 14:03"])
        #expect(a.chunks.allSatisfy { $0.tokens > 0 } && a.stats.totalTokens == a.chunks.reduce(0) { $0 + $1.tokens })
        let q = a.questions[0]
        #expect(q.id == "e47becba" && q.type == "single-session-user" && q.answers == ["Business Administration"])
        #expect(q.askedAt == "2023-05-30 23:40" && !q.abstain && q.metric == "longmemeval_s")
        #expect(q.evidence.map { Self.text(a, $0) } == ["<User>I graduated with a degree in Business Administration, "
            + "and now I want to plan my budget."])
        #expect(a.metadata["chunk_sessions"] == ["sharegpt_yywfOrA_0", "answer_280352e9"])
        // A numeric answer, and answer sessions without marked turns: the whole sessions are the evidence.
        let b = instances[1]
        #expect(b.questions[0].answers == ["12"] && b.questions[0].evidence.count == 2)
        #expect(b.questions[0].evidence.allSatisfy { $0.start == 0 && $0.end == b.chunks[$0.chunk].text.utf8.count })
        #expect(instances[2].questions[0].abstain && instances[2].questions[0].evidence.isEmpty)
        #expect(report.counts["abstention_questions"] == 1 && report.counts["sessions"] == 5)
        #expect(report.counts["questions"] == 3 && report.notes.isEmpty)
    }

    @Test func loCoMoFieldByField() throws {
        let (instances, report) = try ImportSource.locomo.importFile(path: Self.fixture("locomo"))
        let c = try #require(instances.first)
        #expect(instances.count == 1 && c.id == "conv-26" && c.dataSource == "locomo")
        #expect(c.chunks.count == 2 && c.chunks.map(\.timestamp) == ["2023-05-08 13:56", "2023-05-25 00:09"])
        #expect(c.chunks[0].text.hasPrefix("[Dialogue at timestamp 1:56 pm on 8 May, 2023]\n<Caroline>Hey Mel!"))
        #expect(c.chunks[0].text.hasSuffix("<Caroline>Really moving. Here is the poster. [shares an image: a poster "
            + "with a rainbow flag]"))
        #expect(c.questions.map(\.type) == ["temporal", "single-hop", "multi-hop", "open-domain", "adversarial"])
        #expect(c.questions.map(\.abstain) == [false, false, false, false, true])
        #expect(c.questions[0].evidence.map { Self.text(c, $0) }
            == ["<Caroline>Hey Mel! I went to an LGBTQ support group yesterday."])
        #expect(c.questions[2].evidence.count == 2)
        #expect(c.questions[4].answers.isEmpty && c.metadata["adversarial_answers"] == ["q4": "a sunset"])
        #expect(c.metadata["speaker_a"] == "Caroline")
        #expect(report.counts["category:5 adversarial"] == 1 && report.counts["abstention_questions"] == 1)
        #expect(report.notes["evidence_id_not_found"]?.examples == ["conv-26 q4: D9:9"])
        #expect(report.notes["field_not_imported"]?.count == 3)
        #expect(report.notes["turn_field_not_imported"]?.examples == ["conv-26 session_1[2]: img_url"])
        #expect(report.notes["question_without_evidence"]?.examples == ["conv-26 q3"])
    }

    @Test func longSessionsSplitAtTurnBoundaries() throws {
        let (instances, report) = try ImportSource.locomo.importFile(path: Self.fixture("locomo"), chunkTokens: 64)
        let c = try #require(instances.first)
        #expect(c.chunks.count == 3 && report.counts["sessions_split"] == 1)
        #expect(c.chunks.allSatisfy { $0.text.hasPrefix("[Dialogue at timestamp ") && $0.tokens <= 64 })
        #expect(c.questions[0].evidence.map { Self.text(c, $0) }
            == ["<Caroline>Hey Mel! I went to an LGBTQ support group yesterday."])
    }

    @Test func importedFilesValidate() throws {
        let validator = try DatasetValidator()
        for (source, name) in [(ImportSource.longmemeval, "longmemeval"), (.locomo, "locomo")] {
            for instance in try source.importFile(path: Self.fixture(name)).instances {
                #expect(validator.check(instance).isEmpty, "\(instance.id): \(validator.check(instance))")
                let json = instance.json.jsonString
                #expect(try Instance(json: try JSONParser.parse(json)) == instance)
            }
        }
    }

    @Test(arguments: [
        ("longmemeval", #"[{"question_id":"x1","question_type":"t","question":"q","answer":"a","haystack_session_ids":["s"],"haystack_dates":["2023/01/01 (Sun) 10:00"],"answer_session_ids":[]}]"#,
         "haystack_sessions", "x1"),
        ("longmemeval", #"[{"question_id":"x2","question_type":"t","question":"q","answer":["a"],"haystack_session_ids":[],"haystack_dates":[],"haystack_sessions":[],"answer_session_ids":[]}]"#,
         "answer", "x2"),
        ("longmemeval", #"[{"question_id":"x3","question_type":"t","question":"q","answer":"a","haystack_session_ids":["s"],"haystack_dates":["d"],"haystack_sessions":[[]],"answer_session_ids":[]}]"#,
         "haystack_sessions[0]", "x3"),
        ("locomo", #"[{"sample_id":"c1","conversation":{"session_1_date_time":"1:00 pm on 1 May, 2023","session_1":[]},"qa":[]}]"#,
         "conversation.session_1", "c1"),
        ("locomo", #"[{"sample_id":"c2","conversation":{"session_1_date_time":"1:00 pm on 1 May, 2023","session_1":[{"speaker":"A","dia_id":"D1:1","text":5}]},"qa":[]}]"#,
         "conversation.session_1[0].text", "c2"),
        ("locomo", #"[{"sample_id":"c3","qa":[]}]"#, "conversation", "c3"),
    ])
    func malformedRecordsNameTheRecordAndField(_ source: String, _ json: String, _ field: String, _ id: String) throws {
        let path = try Self.temporary(json)
        do {
            _ = try ImportSource(rawValue: source)?.importFile(path: path)
            Issue.record("accepted a malformed record")
        } catch {
            #expect(error.field == field, "\(error)")
            #expect(error.instance == id && error.path == path && error.message.hasPrefix("record 1: "), "\(error)")
        }
    }

    @Test func datesAreNormalised() {
        #expect(SourceDate.longMemEval("2023/05/20 (Sat) 02:21") == "2023-05-20 02:21")
        #expect(SourceDate.longMemEval("2023/13/20 (Sat) 02:21") == nil)
        #expect(SourceDate.loCoMo("1:56 pm on 8 May, 2023") == "2023-05-08 13:56")
        #expect(SourceDate.loCoMo("12:09 am on 25 May, 2023") == "2023-05-25 00:09")
        #expect(SourceDate.loCoMo("noon, sometime") == nil)
    }
}
