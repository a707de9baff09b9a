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

    /// The memoised counter (segments and pieces) must give tiktoken's count for every record, with a warm cache
    /// shared by all records and with a tiny one that starts over all the time.
    @Test(arguments: Encoding.Name.allCases)
    func cachedCountsMatchTiktoken(_ name: Encoding.Name) throws {
        let encoding = try Encoding.named(name)
        var warm = TokenCountCache()
        var tiny = TokenCountCache(capacity: 3)
        var mismatches = 0
        for record in try Self.records() {
            let expected = record.ids[name]?.count ?? -1
            // Twice with the warm cache: the second time every segment is a hit.
            for cache in [0, 1, 2] {
                let got = cache == 2 ? encoding.count(record.text, cache: &tiny) : encoding.count(record.text, cache: &warm)
                if got != expected {
                    mismatches += 1
                    if mismatches <= 5 {
                        let shown = String(record.text.debugDescription.prefix(200))
                        Issue.record("\(name.rawValue) \(record.kind): \(shown) expected \(expected) got \(got)")
                    }
                }
            }
        }
        #expect(mismatches == 0)
        #expect(warm.count > 1000)
    }

    /// Word boundaries next to other whitespace, non-ASCII letters, digits and contractions.
    @Test(arguments: Encoding.Name.allCases)
    func cachedCountsAtSegmentEdges(_ name: Encoding.Name) throws {
        let encoding = try Encoding.named(name)
        let texts = [
            "a b", "a  b", "a   b  ", " a", "  a", "a ", "a\t b", "a \tb", "a\n b", "a \n b", "a.\n\nThe b", "é b", "é  b",
            "a\u{00A0} b", "a \u{00A0}b", "it 's", "it's a", "I 'll go", "12345 678", "1 234 5678", "x_y z__w", "a\u{3000} b",
            "(a) [b] {c}", "\"quoted\" 'single' ", "end. Next", "a,b c", "東京 タワー 東京", "emoji 🎉 party 🎉🎉 ",
            "tabs\t\tand  spaces   mixed \r\n lines", String(repeating: "x", count: 200) + " y",
            String(repeating: "ab ", count: 100), "Ä Ö Ü ä ö ü", "mixedCase WordsHere ALLCAPS lower",
        ]
        var cache = TokenCountCache()
        for pass in 0..<2 {
            for text in texts {
                #expect(encoding.count(text, cache: &cache) == encoding.encode(text).count, "pass \(pass): \(text.debugDescription)")
                // Counting once (no segment table) gives the same count.
                let once = Array(text.utf8).withUnsafeBufferPointer { encoding.countOnce(utf8: $0, cache: &cache) }
                #expect(once == encoding.encode(text).count, "once, pass \(pass): \(text.debugDescription)")
            }
        }
    }

    /// Short segments are held as two key words and a length (`ShortKey`), and some keys of different lengths share
    /// their words ("abcdefgh" and "abcdefghabcdefgh", "xy" and "xyy"). A one-entry cache puts every short segment in
    /// the same entry, so each count here must tell the stored key from the asked one by its length too.
    @Test(arguments: Encoding.Name.allCases)
    func shortSegmentsWithSharedWords(_ name: Encoding.Name) throws {
        let encoding = try Encoding.named(name)
        let pairs = [("abcdefgh", "abcdefghabcdefgh"), ("qzxwqzxw", "qzxwqzxwqzxw"), ("xy", "xyy"), ("Zq", "Zqq"),
                     ("wxyz", "wxyzwxyz"), ("kjkj", "kjkjkj"), ("\u{00E9}\u{00E9}", "\u{00E9}\u{00E9}\u{00E9}")]
        var cache = TokenCountCache(capacity: 1)
        var differing = 0
        for (a, b) in pairs {
            if encoding.encode(a).count != encoding.encode(b).count { differing += 1 }
            for text in [a, b, a, b, b, a] {
                #expect(encoding.count(text, cache: &cache) == encoding.encode(text).count, "\(text.debugDescription)")
            }
        }
        // The pairs are only a test if some of them differ in count.
        #expect(differing >= 3)
    }
}
