import Foundation
import JSONLines
import Testing
@testable import Evaluator

/// Extraction must equal Python's `re` running Mem-α's pattern (fixture from scripts/make_fncall_fixture.py).
@Suite struct FunctionCallParserTests {
    @Test func matchesPythonRegex() throws {
        guard let url = Bundle.module.url(forResource: "fncall", withExtension: "json", subdirectory: "Fixtures")
        else { throw CocoaError(.fileNoSuchFile) }
        let cases = try JSONParser.parse(Array(try Data(contentsOf: url)))["cases"]?.arrayValue ?? []
        #expect(cases.count >= 15)
        for c in cases {
            let text = c["text"]?.stringValue ?? ""
            let (calls, preamble) = FunctionCallParser.parse(text)
            let expected = (c["calls"]?.arrayValue ?? []).map {
                FunctionCallParser.RawCall(name: $0["name"]?.stringValue ?? "", arguments: $0["arguments"]?.stringValue ?? "")
            }
            #expect(calls == expected, "\(text.debugDescription)")
            #expect(preamble == c["preamble"]?.stringValue, "\(text.debugDescription)")
        }
    }
}
