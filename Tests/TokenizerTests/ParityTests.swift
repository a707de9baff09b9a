import Foundation
import JSONLines
import Testing
@testable import Tokenizer

/// Token ids must equal tiktoken's on the fixture made by scripts/make_tokenizer_fixture.py (tiktoken 0.14.0).
@Suite struct ParityTests {
    struct Record {
        var kind: String
        var text: String
        var ids: [Encoding.Name: [UInt32]]
    }

    static func records() throws -> [Record] {
        guard let url = Bundle.module.url(forResource: "parity.jsonl", withExtension: "gz", subdirectory: "Fixtures")
        else { throw CocoaError(.fileNoSuchFile) }
        let reader = try JSONLinesReader(path: url.path)
        var result: [Record] = []
        while let (value, _) = try reader.nextValue() {
            var ids: [Encoding.Name: [UInt32]] = [:]
            for name in Encoding.Name.allCases {
                ids[name] = (value[name.rawValue]?.arrayValue ?? []).map { UInt32($0.intValue ?? -1) }
            }
            result.append(Record(kind: value["kind"]?.stringValue ?? "", text: value["text"]?.stringValue ?? "",
                                 ids: ids))
        }
        return result
    }

    @Test(arguments: Encoding.Name.allCases)
    func idsMatchTiktoken(_ name: Encoding.Name) throws {
        let encoding = try Encoding.named(name)
        let records = try Self.records()
        #expect(records.count > 10_000)
        var kinds = Set<String>()
        var bytes = 0
        var mismatches = 0
        for record in records {
            kinds.insert(record.kind)
            bytes += record.text.utf8.count
            let expected = record.ids[name] ?? []
            let got = encoding.encode(record.text)
            if got != expected {
                mismatches += 1
                if mismatches <= 5 {
                    let shown = String(record.text.debugDescription.prefix(200))
                    Issue.record("\(name.rawValue) \(record.kind): \(shown) expected \(expected.prefix(20)) got \(got.prefix(20))")
                }
            }
            #expect(encoding.count(record.text) == expected.count)
            #expect(encoding.decode(got) == record.text)
        }
        #expect(mismatches == 0)
        #expect(bytes > 5_000_000)
        #expect(kinds.isSuperset(of: ["prose", "code", "numbers", "whitespace", "contractions", "cjk", "arabic",
                                      "devanagari", "emoji", "mixed", "random"]))
    }
}
