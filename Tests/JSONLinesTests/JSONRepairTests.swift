import Foundation
import Testing
@testable import JSONLines

/// Broken tool arguments must read as Mem-α reads them: json.loads(json_repair.repair_json(text)), json_repair
/// 0.51.0 (fixture from scripts/make_json_repair_fixture.py).
@Suite struct JSONRepairTests {
    @Test func readsBrokenArgumentsAsMemAlphaDoes() throws {
        let root = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: try fixturePath("json_repair.json")))))
        let cases = root["cases"]?.arrayValue ?? []
        #expect(cases.count >= 30)
        for c in cases {
            let text = c["text"]?.stringValue ?? ""
            let got = JSONRepair.parse(text)
            if c["invalid"]?.boolValue == true {
                #expect(got == nil, "\(text.debugDescription) should be invalid, got \(String(describing: got))")
            } else {
                #expect(got == c["value"], "\(text.debugDescription): \(String(describing: got)) vs \(String(describing: c["value"]))")
            }
        }
    }
}

@Suite struct JSONRepairLimitTests {
    /// Found by Fuzz/fuzz-json: deep nesting after prose was repaired into a value the strict parser refuses.
    @Test(arguments: [600, 100_000])
    func deepNestingIsRefusedNotOverflowed(_ depth: Int) {
        let text = "\t\tUnsaf\u{0}" + String(repeating: "[", count: depth) + "n\t\t\u{19}\t\t"
        #expect(JSONRepair.parse(text) == nil)
        let shallow = String(repeating: "[", count: 100) + "1"
        let value = JSONRepair.parse(shallow)
        #expect(value != nil && (try? JSONParser.parse(value?.jsonBytes ?? [])) == value)
    }
}
