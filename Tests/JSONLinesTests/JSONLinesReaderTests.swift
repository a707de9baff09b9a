import Foundation
import Testing
@testable import JSONLines

@Suite struct JSONLinesReaderTests {
    func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    func gzip(_ text: String, level: Int = 6) throws -> [UInt8] {
        let dir = try TemporaryDirectory()
        let writer = try JSONLinesWriter(path: dir.file("x.gz"), compression: .gzip(level: level))
        // writeLine adds "\n"; strip ours so the member holds exactly `text`.
        precondition(text.hasSuffix("\n"))
        for line in text.dropLast().split(separator: "\n", omittingEmptySubsequences: false) {
            try writer.writeLine(Array(line.utf8))
        }
        try writer.close()
        return Array(try Data(contentsOf: URL(fileURLWithPath: dir.file("x.gz"))))
    }

    func readAll(_ path: String, maxLineBytes: Int = 1 << 20) throws -> [(String, Int)] {
        let reader = try JSONLinesReader(path: path, maxLineBytes: maxLineBytes, bufferSize: 16)
        var lines: [(String, Int)] = []
        while let line = try reader.next() { lines.append((String(decoding: line.bytes, as: UTF8.self), line.number)) }
        return lines
    }

    @Test func readsPlainLinesWithNumbersAndAFinalUnterminatedLine() throws {
        let dir = try TemporaryDirectory()
        try write(Array("{\"a\":1}\r\n\n  \n[2]\n\"last\"".utf8), to: dir.file("p.jsonl"))
        let lines = try readAll(dir.file("p.jsonl"))
        #expect(lines.map(\.0) == ["{\"a\":1}\r", "", "  ", "[2]", "\"last\""])
        #expect(lines.map(\.1) == [1, 2, 3, 4, 5])
        let reader = try JSONLinesReader(path: dir.file("p.jsonl"))
        var values: [JSONValue] = []
        var numbers: [Int] = []
        while let (v, n) = try reader.nextValue() {
            values.append(v)
            numbers.append(n)
        }
        #expect(values == [["a": 1], [2], "last"])
        #expect(numbers == [1, 4, 5])
    }

    @Test func detectsGzipByMagicBytesNotByName() throws {
        let dir = try TemporaryDirectory()
        try write(try gzip("{\"x\":1}\n{\"x\":2}\n"), to: dir.file("no-extension"))
        let reader = try JSONLinesReader(path: dir.file("no-extension"))
        #expect(reader.isGzip)
        #expect(try readAll(dir.file("no-extension")).map(\.0) == ["{\"x\":1}", "{\"x\":2}"])
        try write(Array("[1]\n".utf8), to: dir.file("plain.gz"))
        #expect(try readAll(dir.file("plain.gz")).map(\.0) == ["[1]"])
    }

    @Test func readsConcatenatedMembers() throws {
        let dir = try TemporaryDirectory()
        let joined = try gzip("[1]\n[2]\n") + gzip("[3]\n", level: 1) + gzip("[4]\n", level: 9)
        try write(joined, to: dir.file("multi.gz"))
        #expect(try readAll(dir.file("multi.gz")).map(\.0) == ["[1]", "[2]", "[3]", "[4]"])
    }

    @Test func readsTheMultiMemberFileWrittenByPython() throws {
        let plain = try readAll(try fixturePath("records.jsonl"))
        let gz = try readAll(try fixturePath("multimember.jsonl.gz"))
        #expect(gz.count == 30)
        #expect(gz.map(\.0) == plain.map(\.0))
        let first = try JSONParser.parse(Array(gz[0].0.utf8))
        #expect(first["neg"] == .int(.min))
        #expect(first["big"] == .int(1 << 62))
        #expect(try JSONParser.parse(Array(gz[3].0.utf8))["text"] == "emoji 👩‍👩‍👧 family")
    }

    @Test func reportsTruncatedGzip() throws {
        let dir = try TemporaryDirectory()
        let full = try gzip(String(repeating: "{\"k\":\"some text here\"}\n", count: 200))
        try write(Array(full.prefix(full.count - 12)), to: dir.file("t.gz"))
        do {
            _ = try readAll(dir.file("t.gz"))
            Issue.record("expected an error")
        } catch let error as JSONLinesError {
            #expect(error.code == .truncatedGzip)
            #expect(error.path == dir.file("t.gz"))
            #expect(error.offset == full.count - 12)
        }
    }

    @Test func reportsCorruptDeflateData() throws {
        let dir = try TemporaryDirectory()
        var bytes = try gzip(String(repeating: "{\"k\":\"some text here\"}\n", count: 200))
        for i in 12..<40 { bytes[i] ^= 0x5A }
        try write(bytes, to: dir.file("c.gz"))
        do {
            _ = try readAll(dir.file("c.gz"))
            Issue.record("expected an error")
        } catch let error as JSONLinesError {
            #expect(error.code == .corruptGzip)
            #expect(error.description.contains("c.gz"))
            #expect(error.offset != nil)
        }
    }

    @Test func reportsTrailingGarbageAfterTheLastMember() throws {
        let dir = try TemporaryDirectory()
        let bytes = try gzip("[1]\n") + Array("junk".utf8)
        try write(bytes, to: dir.file("g.gz"))
        #expect(throws: JSONLinesError.self) { try readAll(dir.file("g.gz")) }
    }

    @Test func reportsInvalidUTF8WithLineAndColumn() throws {
        let dir = try TemporaryDirectory()
        try write(Array("[1]\n[\"ok\",\"b".utf8) + [0xFF] + Array("\"]\n".utf8), to: dir.file("u.jsonl"))
        let reader = try JSONLinesReader(path: dir.file("u.jsonl"))
        _ = try reader.nextValue()
        do {
            _ = try reader.nextValue()
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidUTF8)
            #expect(error.line == 2)
            #expect(error.offset == 9)
            #expect(error.description.hasPrefix(dir.file("u.jsonl") + ":2:9: "))
        }
    }

    @Test func reportsMalformedJSONWithLineAndColumn() throws {
        let dir = try TemporaryDirectory()
        try write(Array("{\"a\":1}\n{\"a\":1,}\n".utf8), to: dir.file("m.jsonl"))
        let reader = try JSONLinesReader(path: dir.file("m.jsonl"))
        _ = try reader.nextValue()
        do {
            _ = try reader.nextValue()
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .malformedJSON)
            #expect(error.line == 2)
            #expect(error.offset == 8)
        }
    }

    @Test func enforcesTheLineLimit() throws {
        let dir = try TemporaryDirectory()
        try write(Array(("[1]\n\"" + String(repeating: "x", count: 5000) + "\"\n[3]\n").utf8), to: dir.file("l.jsonl"))
        do {
            _ = try readAll(dir.file("l.jsonl"), maxLineBytes: 1000)
            Issue.record("expected an error")
        } catch let error as JSONLinesError {
            #expect(error.code == .lineTooLong)
            #expect(error.line == 2)
            #expect(error.message.contains("1000"))
        }
        #expect(try readAll(dir.file("l.jsonl"), maxLineBytes: 5002).count == 3)
    }

    @Test func reportsAMissingFile() {
        do {
            _ = try JSONLinesReader(path: "/nonexistent/memkit/file.jsonl")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .openFailed)
            #expect(error.path == "/nonexistent/memkit/file.jsonl")
            #expect(error.message.contains("No such file"))
        }
    }

    @Test func reportsADirectory() throws {
        let dir = try TemporaryDirectory()
        #expect(throws: JSONLinesError.self) { try JSONLinesReader(path: dir.path) }
    }

    @Test func readsAnEmptyFile() throws {
        let dir = try TemporaryDirectory()
        try write([], to: dir.file("e.jsonl"))
        #expect(try readAll(dir.file("e.jsonl")).isEmpty)
    }
}

@Suite struct JSONLinesPipelineTests {
    @Test func readsAGzipFileLargerThanThePipelineRing() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("big.jsonl.gz")
        let writer = try JSONLinesWriter(path: path, compression: .gzip(level: 1))
        for i in 0..<40_000 { try writer.write(["i": .int(Int64(i)), "pad": .string(String(repeating: "x", count: i % 300))]) }
        try writer.close()
        let reader = try JSONLinesReader(path: path)
        var expected = 0
        while let (value, line) = try reader.nextValue() {
            #expect(value["i"] == .int(Int64(expected)))
            #expect(line == expected + 1)
            expected += 1
        }
        #expect(expected == 40_000)
    }

    @Test func deliversAnErrorAfterTheGoodBytes() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("cut.jsonl.gz")
        let writer = try JSONLinesWriter(path: path, compression: .gzip(level: 0))
        for i in 0..<30_000 { try writer.write(["i": .int(Int64(i)), "text": "0123456789abcdef0123456789"]) }
        try writer.close()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: path))
        let reader = try JSONLinesReader(path: path)
        var good = 0
        do {
            while try reader.nextValue() != nil { good += 1 }
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .truncatedGzip)
            #expect(good > 10_000)
        }
    }

    @Test func anAbandonedReaderStopsItsThread() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("a.jsonl.gz")
        let writer = try JSONLinesWriter(path: path, compression: .gzip(level: 1))
        for i in 0..<100_000 { try writer.write(.int(Int64(i))) }
        try writer.close()
        for _ in 0..<20 {
            let reader = try JSONLinesReader(path: path)
            _ = try reader.nextValue()
        }
    }
}
