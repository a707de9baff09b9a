import Foundation
import JSONLines
import Testing
@testable import Evaluator

/// Scores must equal those of Mem-α's own metric code (fixture from scripts/make_metrics_fixture.py).
@Suite struct AnswerScoringTests {
    static func fixture() throws -> JSONValue {
        guard let url = Bundle.module.url(forResource: "metrics", withExtension: "json", subdirectory: "Fixtures")
        else { throw CocoaError(.fileNoSuchFile) }
        return try JSONParser.parse(Array(try Data(contentsOf: url)))
    }

    static func strings(_ v: JSONValue?) -> [String] { (v?.arrayValue ?? []).compactMap(\.stringValue) }

    @Test func perSourceScoresMatchMemAlpha() throws {
        let cases = try Self.fixture()["scores"]?.arrayValue ?? []
        #expect(cases.count >= 25)
        for c in cases {
            let prediction = c["prediction"]?.stringValue ?? ""
            let source = c["data_source"]?.stringValue ?? ""
            let got = AnswerScoring.memAlphaScore(prediction: prediction, answers: Self.strings(c["answers"]),
                                                  dataSource: source)
            if c["score"]?.stringValue == "judge" {
                #expect(got == .needsJudge, "\(source)")
            } else {
                let want = c["score"]?.doubleValue ?? -1
                #expect(got.value.map { abs($0 - want) < 1e-12 } == true, "\(source) \(prediction.debugDescription): \(got) vs \(want)")
            }
        }
    }

    @Test func squadMetricsMatchMemAlpha() throws {
        for c in try Self.fixture()["f1"]?.arrayValue ?? [] {
            let p = c["prediction"]?.stringValue ?? ""
            let golds = Self.strings(c["answers"])
            #expect(AnswerScoring.normalize(p) == c["normalized"]?.stringValue, "normalize \(p)")
            #expect(abs(AnswerScoring.f1(p, golds) - (c["f1"]?.doubleValue ?? -1)) < 1e-12, "f1 \(p)")
            #expect(AnswerScoring.exactMatch(p, golds) == c["exact_match"]?.doubleValue, "em \(p)")
            #expect(AnswerScoring.substringExactMatch(p, golds) == c["substring_exact_match"]?.doubleValue, "sem \(p)")
        }
    }

    @Test func parseOutputMatchesMemAlpha() throws {
        for c in try Self.fixture()["parse_output"]?.arrayValue ?? [] {
            let text = c["text"]?.stringValue ?? ""
            #expect(AnswerScoring.parseOutput(text) == c["parsed"]?.stringValue, "\(text.debugDescription)")
        }
    }

    @Test func memkitRulesForConflictsAndAbstention() {
        #expect(AnswerScoring.memAlphaScore(prediction: "She lives in Orvale now.", answers: ["Orvale"],
                                            dataSource: "cr-updates") == .scored(1))
        #expect(AnswerScoring.memAlphaScore(prediction: "Brintmoor", answers: ["Orvale"], dataSource: "cr-updates")
                == .scored(0))
        #expect(AnswerScoring.memAlphaScore(prediction: "That was never mentioned.", answers: [], dataSource: "lme_train",
                                            abstain: true) == .scored(1))
        #expect(AnswerScoring.memAlphaScore(prediction: "Her parrot is Kiwi.", answers: [], dataSource: "lme_train",
                                            abstain: true) == .scored(0))
        #expect(AnswerScoring.memAlphaScore(prediction: "x", answers: ["y"], dataSource: "infbench_qa_eng_shots2")
                == .unsupported("ROUGE-L with stemming"))
    }
}
