import DatasetFormat
import Testing
@testable import Evaluator

@Suite struct AnswerProbeTests {
    static let texts = [
        "The Cat sat on a mat.", "An apple, the pear & a plum!", "  spaced\tout\n\nwords  ", "the", "a an the",
        "don't stop-believing", "Ünïcödé the Straße", "ΣΑΣ σας", "control\u{01}the char", "tabs\u{0B}and\u{1C}seps",
        "", "...", "U.S.A. the end", "x_y the_z", "2024-01-03: the ferry", "emoji 👍 the end",
    ]

    @Test(arguments: texts)
    func byteNormalisationEqualsTheDefinition(_ text: String) {
        #expect(AnswerScoring.normalizedBytes(text) == Array(AnswerScoring.normalize(text).utf8), "\(text.debugDescription)")
    }

    @Test func labelsAndKeywordsAreReadPerSource() throws {
        let label = try #require(AnswerProbe(question: question("q", "?", ["3"]), dataSource: "icl_x"))
        var found = [false]
        label.mark(in: AnswerProbe.haystack("Sentence: foo\nLabel: 3"), &found)
        #expect(label.kind == .label && found == [true])
        found = [false]
        label.mark(in: AnswerProbe.haystack("In 2023 there were 3 labels"), &found)
        #expect(found == [false])
        let parts = try #require(AnswerProbe(question: question("q", "?", ["cello; oboe"]), dataSource: "lme_train"))
        #expect(parts.kind == .allOf && parts.count == 2)
        #expect(AnswerProbe(question: question("q", "?", ["!!!"]), dataSource: "squad") == nil)
    }
}
