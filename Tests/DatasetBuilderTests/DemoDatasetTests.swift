import DatasetFormat
import JSONLines
import Tokenizer
import Testing
@testable import DatasetBuilder

@Suite struct DemoDatasetTests {
    @Test func isDeterministicAndValid() throws {
        let a = try DemoDataset.make(count: 5, seed: 3)
        let b = try DemoDataset.make(count: 5, seed: 3)
        #expect(a == b)
        #expect(a.map { $0.json.jsonBytes } == b.map { $0.json.jsonBytes })
        #expect(try DemoDataset.make(count: 5, seed: 4) != a)
        for instance in a {
            #expect(try Instance(json: instance.json) == instance)
            #expect(instance.stats.tokenizer == "o200k_base")
            let encoding = try Encoding.named(.o200kBase)
            #expect(instance.chunks.allSatisfy { $0.tokens == encoding.count($0.text) && $0.tokens > 20 })
            for q in instance.questions {
                let e = q.evidence[0]
                let span = Array(instance.chunks[e.chunk].text.utf8)[e.start..<e.end]
                #expect(String(decoding: span, as: UTF8.self).contains(q.answers[0]))
            }
        }
    }
}
