import Foundation
import Testing
@testable import JSONLines

@Suite struct JSONLinesWriterTests {
    static let sample: [JSONValue] = [
        ["id": "a/1", "text": "naïve café 東京 😀 \u{1} \"q\" \\", "n": .int(.min), "big": .int(.max), "f": 0.1],
        ["nested": [["x": nil], [true, false, 1e-7, -0.0, 12345678.9]]],
        "just a string",
        [],
    ]

    func roundTrip(_ path: String) throws -> [JSONValue] {
        let reader = try JSONLinesReader(path: path)
        var values: [JSONValue] = []
        while let (v, _) = try reader.nextValue() { values.append(v) }
        return values
    }

    @Test(arguments: [JSONLinesWriter.Compression.none, .gzip(level: 1), .gzip(level: 6), .gzip(level: 9)])
    func writesAndReadsBack(_ compression: JSONLinesWriter.Compression) throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("out.jsonl")
        let writer = try JSONLinesWriter(path: path, compression: compression, bufferSize: 64)
        for _ in 0..<50 { for v in Self.sample { try writer.write(v) } }
        try writer.close()
        try writer.close()  // harmless
        #expect(writer.linesWritten == 200)
        let back = try roundTrip(path)
        #expect(back.count == 200)
        #expect(Array(back.prefix(4)) == Self.sample)
        #expect(try dir.contents() == ["out.jsonl"])
    }

    @Test func nothingAppearsUntilCloseAndADroppedWriterLeavesNothing() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("data.jsonl.gz")
        do {
            let writer = try JSONLinesWriter(path: path)
            for _ in 0..<10_000 { try writer.write(Self.sample[0]) }
            #expect(!FileManager.default.fileExists(atPath: path))
            #expect(try dir.contents().count == 1)  // the hidden temporary file
        }
        #expect(try dir.contents().isEmpty)
    }

    @Test func anExistingFileIsReplacedOnlyOnClose() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("keep.jsonl")
        try Data("\"old\"\n".utf8).write(to: URL(fileURLWithPath: path))
        do {
            let writer = try JSONLinesWriter(path: path)
            try writer.write("new")
            writer.discard()
        }
        #expect(try roundTrip(path) == ["old"])
        let writer = try JSONLinesWriter(path: path)
        try writer.write("new")
        try writer.close()
        #expect(try roundTrip(path) == ["new"])
    }

    @Test func reportsAnUnwritableDestination() throws {
        do {
            _ = try JSONLinesWriter(path: "/nonexistent-dir/memkit/out.jsonl")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .unwritable)
            #expect(error.path == "/nonexistent-dir/memkit/out.jsonl")
            #expect(error.message.contains("/nonexistent-dir/memkit"))
        }
        let dir = try TemporaryDirectory()
        #expect(throws: JSONLinesError.self) { try JSONLinesWriter(path: dir.path + "/") }
    }

    @Test func infersCompressionFromTheName() {
        #expect(JSONLinesWriter.Compression.inferred(from: "a.jsonl.gz") == .gzip(level: 6))
        #expect(JSONLinesWriter.Compression.inferred(from: "a.jsonl") == .none)
    }

    @Test func outputPassesGzipTest() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("t.jsonl.gz")
        let writer = try JSONLinesWriter(path: path)
        for _ in 0..<1000 { for v in Self.sample { try writer.write(v) } }
        try writer.close()
        guard let (status, output) = try runTool("gzip", ["-t", path]) else {
            print("gzip is not installed; skipping the gzip -t check")
            return
        }
        #expect(status == 0, "gzip -t: \(output)")
    }

    @Test func pythonReadsBackIdenticalValues() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("py.jsonl.gz")
        let writer = try JSONLinesWriter(path: path)
        for v in Self.sample { try writer.write(v) }
        try writer.close()
        // Python decodes our file with gzip + json and re-encodes each value; both must be the values we wrote.
        let script = """
            import gzip, json, sys
            with gzip.open(sys.argv[1], "rt", encoding="utf-8") as f:
                for line in f:
                    print(json.dumps(json.loads(line), ensure_ascii=True, sort_keys=True))
            """
        guard let (status, output) = try runTool("python3", ["-c", script, path]) else {
            print("python3 is not installed; skipping the Python read-back check")
            return
        }
        #expect(status == 0, "python3: \(output)")
        let values = try output.split(separator: "\n").map { try JSONParser.parse(String($0)) }
        #expect(values == Self.sample)
    }

    @Test func writesMultiMemberFilesPythonCanReadBack() throws {
        // And the reverse direction: Python's multi-member gzip is read by us (fixture made by
        // scripts/make_jsonlines_fixtures.py) -- covered in JSONLinesReaderTests. Here, a file Python
        // appends to with gzip's append mode is read whole.
        let dir = try TemporaryDirectory()
        let path = dir.file("append.jsonl.gz")
        let script = """
            import gzip, json, sys
            for i in range(3):
                with gzip.open(sys.argv[1], "at", encoding="utf-8") as f:
                    f.write(json.dumps({"member": i, "text": "x" * (i * 1000)}) + "\\n")
            """
        guard let (status, output) = try runTool("python3", ["-c", script, path]) else {
            print("python3 is not installed; skipping")
            return
        }
        #expect(status == 0, "python3: \(output)")
        let back = try roundTrip(path)
        #expect(back.map { $0["member"] } == [.int(0), .int(1), .int(2)])
    }

    /// Output over a member's size is several gzip members (libdeflate compresses a block at a time): every member
    /// starts with the gzip magic, `gzip -t` and Python accept the file, and it reads back whole and in order.
    @Test func largeOutputIsSeveralMembersThatReadBackWhole() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("big.jsonl.gz")
        let writer = try JSONLinesWriter(path: path)
        var written: [JSONValue] = []
        var bytes = 0
        var i = 0
        while bytes < 3 * JSONLinesWriter.gzipMemberSize + 1000 {
            let text = String(repeating: "memory \(i % 97) ", count: 40)
            let value: JSONValue = ["i": .int(Int64(i)), "text": .string(text)]
            try writer.write(value)
            written.append(value)
            bytes += value.jsonBytes.count + 1
            i += 1
        }
        try writer.close()
        let file = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        var members = 0
        for k in 0..<(file.count - 3) where file[k] == 0x1F && file[k + 1] == 0x8B && file[k + 2] == 0x08 {
            members += 1
        }
        #expect(members >= 3)
        #expect(try roundTrip(path) == written)
        if let (status, output) = try runTool("gzip", ["-t", path]) { #expect(status == 0, "gzip -t: \(output)") }
        let script = """
            import gzip, sys
            print(sum(1 for _ in gzip.open(sys.argv[1], "rt", encoding="utf-8")))
            """
        if let (status, output) = try runTool("python3", ["-c", script, path]) {
            #expect(status == 0, "python3: \(output)")
            #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == String(written.count))
        }
    }

    /// An empty gzip output is still a valid gzip file (one empty member).
    @Test func emptyGzipOutputIsValid() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("empty.jsonl.gz")
        let writer = try JSONLinesWriter(path: path)
        try writer.close()
        #expect(try roundTrip(path).isEmpty)
        if let (status, output) = try runTool("gzip", ["-t", path]) { #expect(status == 0, "gzip -t: \(output)") }
    }
}
