import Foundation
import JSONLines
import Testing
@testable import DatasetFormat

@Suite struct InstanceTests {
    static func sample() -> Instance {
        Instance(
            id: "ar-doc-7", pattern: "ar-doc", competency: .accurateRetrieval, dataSource: "squad",
            prompt: "Remember the chunks.", seed: 7,
            chunks: [Chunk(index: 0, text: "Alpha lives in Orvale.", timestamp: "2024-01-01 00:00", tokens: 6),
                     Chunk(index: 1, text: "Beta is a ferryman.", timestamp: nil, tokens: 5)],
            questions: [Question(id: "q0", question: "Where does Alpha live?", answers: ["Orvale"], metric: "squad",
                                 type: "single-hop", evidence: [Evidence(chunk: 0, start: 15, end: 21)],
                                 askedAt: "2024-01-03", abstain: false)],
            stats: Stats(tokenizer: "o200k_base", totalTokens: 11, targetTokens: 10, numChunks: 2),
            generator: Generator(name: "mkdataset", version: "0.1.0", parameters: ["tokens": 10]),
            metadata: ["origin": "test"])
    }

    @Test func roundTripsThroughJSON() throws {
        let instance = Self.sample()
        let text = instance.json.jsonString
        #expect(text.hasPrefix(#"{"chunks":[{"index":0,"#))
        #expect(text.contains(#""schema":"memkit.instance/1""#))
        #expect(try Instance(json: try JSONParser.parse(text)) == instance)
    }

    /// `serialize(into:)` writes the fields directly; it must give the tree's text byte for byte, with absent optional
    /// fields (null), empty lists, escapes and non-ASCII text, several evidence spans and nested metadata.
    @Test func directSerializationIsTheTreesText() {
        var variants = [Self.sample()]
        var bare = Self.sample()
        bare.seed = nil
        bare.chunks = []
        bare.questions = []
        bare.stats = Stats(tokenizer: "o200k_base", totalTokens: 0, targetTokens: nil, numChunks: 0)
        bare.generator = Generator(name: "x", version: "1", parameters: [:])
        bare.metadata = [:]
        variants.append(bare)
        var rich = Self.sample()
        rich.prompt = "Quote \" backslash \\ newline \n tab \t control \u{01} slash / é 東京 🎉"
        rich.chunks[1].text = "line one\nline \"two\"\r\n\u{1F}end"
        rich.questions.append(Question(id: "q1", question: "Who?\n", answers: [], metric: "exact_match",
                                       type: "abstention", evidence: [], askedAt: nil, abstain: true))
        rich.questions[0].answers = ["Orvale", "the \"old\" town", ""]
        rich.questions[0].evidence.append(Evidence(chunk: 1, start: 0, end: 4))
        rich.metadata = ["leak_checks": .array([["question": "q0", "other_values": .array(["a", "b"])]]),
                         "n": .int(-3), "x": .double(0.5), "ok": .bool(true), "none": .null]
        variants.append(rich)
        for instance in variants {
            var direct: [UInt8] = []
            instance.serialize(into: &direct)
            #expect(String(decoding: direct, as: UTF8.self) == instance.json.jsonString)
        }
    }

    /// Removes or replaces the member at a dotted path (array indices as numbers).
    static func edit(_ value: JSONValue, _ path: [String], _ replacement: JSONValue?) -> JSONValue {
        guard let head = path.first else { return replacement ?? .null }
        switch value {
        case .object(var o):
            if path.count == 1 { o[head] = replacement } else { o[head] = edit(o[head] ?? .null, Array(path.dropFirst()), replacement) }
            return .object(o)
        case .array(var a):
            let i = Int(head)!
            a[i] = edit(a[i], Array(path.dropFirst()), replacement)
            return .array(a)
        default:
            return value
        }
    }

    @Test(arguments: [
        (["chunks", "1", "text"], JSONValue?.none, DatasetFormatError.Code.missingField, "chunks[1].text"),
        (["questions", "0", "answers"], JSONValue?.some(.string("x")), .wrongType, "questions[0].answers"),
        (["questions", "0", "evidence", "0", "end"], JSONValue?.some(.int(99)), .invalidValue, "questions[0].evidence[0].end"),
        (["questions", "0", "evidence", "0", "chunk"], JSONValue?.some(.int(5)), .invalidValue, "questions[0].evidence[0].chunk"),
        (["competency"], JSONValue?.some(.string("memory")), .invalidValue, "competency"),
        (["stats", "num_chunks"], JSONValue?.some(.int(3)), .invalidValue, "stats.num_chunks"),
        (["stats", "total_tokens"], JSONValue?.some(.int(12)), .invalidValue, "stats.total_tokens"),
        (["chunks", "0", "index"], JSONValue?.some(.int(1)), .invalidValue, "chunks[0].index"),
        (["chunks", "0", "tokens"], JSONValue?.some(.int(-1)), .invalidValue, "chunks[0].tokens"),
        (["seed"], JSONValue?.some(.string("7")), .wrongType, "seed"),
        (["generator", "parameters"], JSONValue?.some(.array([])), .wrongType, "generator.parameters"),
        (["schema"], JSONValue?.some(.string("memkit.instance/2")), .unsupportedSchema, "schema"),
        (["questions", "0", "abstain"], JSONValue?.some(.string("no")), .wrongType, "questions[0].abstain"),
    ])
    func reportsTheInstanceAndField(path: [String], replacement: JSONValue?, code: DatasetFormatError.Code,
                                    field: String) {
        let broken = Self.edit(Self.sample().json, path, replacement)
        do {
            _ = try Instance(json: broken)
            Issue.record("expected an error for \(field)")
        } catch {
            #expect(error.code == code)
            #expect(error.field == field)
            #expect(error.instance == "ar-doc-7")
            #expect(error.description.contains("instance 'ar-doc-7'"))
        }
    }

    @Test func rejectsDuplicateQuestionIds() {
        var instance = Self.sample()
        instance.questions.append(instance.questions[0])
        #expect(throws: DatasetFormatError.self) { try Instance(json: instance.json) }
    }

    @Test func readerAddsPathAndLine() throws {
        let dir = NSTemporaryDirectory() + "memkit-fmt-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/d.jsonl.gz"
        let writer = try InstanceWriter(path: path)
        try writer.write(Self.sample())
        try writer.close()
        #expect(try InstanceReader(path: path).readAll() == [Self.sample()])

        let bad = dir + "/bad.jsonl"
        var text = Self.sample().json.jsonString + "\n"
        text += Self.edit(Self.sample().json, ["prompt"], nil).jsonString + "\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: bad))
        let reader = try InstanceReader(path: bad)
        _ = try reader.next()
        do {
            _ = try reader.next()
            Issue.record("expected an error")
        } catch {
            #expect(error.path == bad)
            #expect(error.line == 2)
            #expect(error.field == "prompt")
            #expect(error.description == "\(bad):2: instance 'ar-doc-7': field 'prompt': required field is missing [missing_field]")
        }
    }
}
