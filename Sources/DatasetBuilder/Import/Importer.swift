import DatasetFormat
import JSONLines
import Tokenizer

/// What an importer did: counts, and every kind of thing it dropped, changed or could not map, with the first
/// examples. Nothing is dropped without appearing here.
public struct ImportReport: Sendable {
    /// Counts by name (`instances`, `questions`, `chunks`, `abstention_questions`, …).
    public var counts: [String: Int] = [:]
    /// Per kind of note: how many, and up to three examples.
    public var notes: [String: (count: Int, examples: [String])] = [:]

    mutating func count(_ name: String, _ n: Int = 1) { counts[name, default: 0] += n }

    mutating func note(_ kind: String, _ example: String) {
        var entry = notes[kind] ?? (0, [])
        entry.count += 1
        if entry.examples.count < 3 { entry.examples.append(example) }
        notes[kind] = entry
    }

    /// The JSON form (sorted keys).
    public var json: JSONValue {
        [
            "counts": .object(counts.mapValues { .int(Int64($0)) }),
            "notes": .object(notes.mapValues { ["count": .int(Int64($0.count)), "examples": .array($0.examples.map { .string($0) })] }),
        ]
    }
}

/// The sources `mkdataset import` reads.
public enum ImportSource: String, Sendable, CaseIterable {
    /// LongMemEval (`longmemeval_s.json`, `_m`, `_oracle`): one instance per question.
    case longmemeval
    /// LoCoMo (`locomo10.json`): one instance per conversation.
    case locomo

    /// Reads `path` and converts every record. Sessions longer than `chunkTokens` are split at turn boundaries.
    public func importFile(path: String, chunkTokens: Int = 2048) throws(DatasetFormatError)
        -> (instances: [Instance], report: ImportReport)
    {
        precondition(chunkTokens >= 1, "chunkTokens must be at least 1")
        let encoding: Encoding
        do {
            encoding = try Encoding.named(.o200kBase)
        } catch {
            throw DatasetFormatError(.stream, "the o200k_base vocabulary could not be loaded: \(error)")
        }
        var report = ImportReport()
        var instances: [Instance] = []
        let chunker = SessionChunker(encoding: encoding, limit: chunkTokens)
        try ImportSource.forEachRecord(path: path) { (record, number) throws(DatasetFormatError) in
            let r = try FieldReader(record, path: "", instance: nil)
            let instance: Instance
            switch self {
            case .longmemeval: instance = try LongMemEvalImporter.convert(r, chunker: chunker, report: &report)
            case .locomo: instance = try LoCoMoImporter.convert(r, chunker: chunker, report: &report)
            }
            instances.append(instance)
            report.count("instances")
            report.count("questions", instance.questions.count)
            report.count("chunks", instance.chunks.count)
        } locate: { error, number in
            var located = error
            located.path = path
            if located.line == nil { located.message = "record \(number): " + located.message }
            return located
        }
        return (instances, report)
    }

    /// Calls `body` with each record of a JSON array file, or of a JSON Lines file, and its 1-based number.
    static func forEachRecord(path: String, _ body: (JSONValue, Int) throws(DatasetFormatError) -> Void,
                              locate: (DatasetFormatError, Int) -> DatasetFormatError) throws(DatasetFormatError) {
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.read(path: path)
        } catch {
            throw DatasetFormatError(error)
        }
        let first = bytes.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
        if first == UInt8(ascii: "[") {
            let value: JSONValue
            do {
                value = try JSONParser.parse(bytes)
            } catch {
                var e = error
                e.path = path
                throw DatasetFormatError(e)
            }
            guard let records = value.arrayValue else { throw DatasetFormatError(.wrongType, "expected a list", path: path) }
            for (k, record) in records.enumerated() {
                do { try body(record, k + 1) } catch { throw locate(error, k + 1) }
            }
        } else {
            let reader: JSONLinesReader
            do {
                reader = try JSONLinesReader(path: path)
            } catch {
                throw DatasetFormatError(error)
            }
            var n = 0
            while true {
                let next: (JSONValue, Int)?
                do { next = try reader.nextValue() } catch { throw DatasetFormatError(error) }
                guard let (record, line) = next else { break }
                n += 1
                do {
                    try body(record, n)
                } catch {
                    var e = locate(error, n)
                    e.line = line
                    throw e
                }
            }
        }
    }
}

/// Builds chunks from a session's turns: one turn per line under a header, split at turn boundaries when the text
/// exceeds the token limit, with each turn's byte range (for evidence).
struct SessionChunker {
    struct Turn {
        /// The speaker label as written (`User`, `Caroline`).
        var speaker: String
        var text: String
        /// The source's id for the turn (`D3:1`, or the turn index).
        var key: String
    }

    struct Piece {
        var text: String
        var tokens: Int
        /// Byte ranges of the turns it holds, by key.
        var spans: [String: Range<Int>]
    }

    let encoding: Encoding
    let limit: Int

    /// The chunks of one session. A single turn over the limit still gets a chunk of its own.
    func chunks(header: String, turns: [Turn], report: inout ImportReport, where place: String) -> [Piece] {
        var pieces: [Piece] = []
        var text = header
        var spans: [String: Range<Int>] = [:]
        var held = 0
        func line(_ t: Turn) -> String { "<\(t.speaker)>\(t.text)" }
        func close() {
            pieces.append(Piece(text: text, tokens: encoding.count(text), spans: spans))
            text = header
            spans = [:]
            held = 0
        }
        for turn in turns {
            let candidate = (held == 0 ? text : text + "\n") + line(turn)
            if held > 0 && encoding.count(candidate) > limit {
                close()
                report.count("sessions_split")
            }
            if held > 0 { text += "\n" }
            let start = text.utf8.count
            text += line(turn)
            spans[turn.key] = start..<text.utf8.count
            held += 1
            if held == 1 && encoding.count(text) > limit { report.note("turn_over_chunk_limit", place + " " + turn.key) }
        }
        if held > 0 { close() }
        return pieces
    }
}

/// Dates as the sources write them, normalised to memkit's `YYYY-MM-DD HH:MM`.
enum SourceDate {
    static let months = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                         "october", "november", "december"]

    /// LongMemEval's `2023/05/20 (Sat) 02:21`.
    static func longMemEval(_ text: String) -> String? {
        let parts = text.split(separator: " ")
        guard let day = parts.first else { return nil }
        let ymd = day.split(separator: "/")
        guard ymd.count == 3, let y = Int(ymd[0]), let m = Int(ymd[1]), let d = Int(ymd[2]),
              (1...12).contains(m), (1...31).contains(d) else { return nil }
        var time = "00:00"
        if let t = parts.last, t.contains(":") {
            let hm = t.split(separator: ":")
            guard hm.count == 2, let h = Int(hm[0]), let mi = Int(hm[1]), (0...23).contains(h), (0...59).contains(mi)
            else { return nil }
            time = two(h) + ":" + two(mi)
        }
        return "\(y)-\(two(m))-\(two(d)) \(time)"
    }

    /// LoCoMo's `1:56 pm on 8 May, 2023`.
    static func loCoMo(_ text: String) -> String? {
        let words = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        guard words.count >= 6, words[2] == "on" else { return nil }
        let hm = words[0].split(separator: ":")
        guard hm.count == 2, var h = Int(hm[0]), let mi = Int(hm[1]), (1...12).contains(h), (0...59).contains(mi),
              let d = Int(words[3]), let m = months.firstIndex(of: words[4]), let y = Int(words[5]) else { return nil }
        if words[1] == "pm" && h != 12 { h += 12 } else if words[1] == "am" && h == 12 { h = 0 }
        return "\(y)-\(two(m + 1))-\(two(d)) \(two(h)):\(two(mi))"
    }

    static func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
}
