import JSONLines

/// The JSON text of an instance written straight from its fields, without building the `JSONValue` tree first: the
/// same bytes as `json.serialize(into:)` (compact, keys in byte order), tested to be equal for every pattern. The
/// tree cost about as much as escaping the chunk text: a dictionary per object, its keys sorted on every write.
extension Instance {
    /// Appends this instance's compact JSON text (what ``json`` serializes to) to `out`.
    /// - Complexity: O(size of the text).
    public func serialize(into out: inout [UInt8]) {
        var o = ObjectWriter(&out)
        o.key("chunks", &out)
        out.append(UInt8(ascii: "["))
        for (i, chunk) in chunks.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            chunk.serialize(into: &out)
        }
        out.append(UInt8(ascii: "]"))
        o.key("competency", &out)
        JSONValue.appendString(competency.rawValue, to: &out)
        o.key("data_source", &out)
        JSONValue.appendString(dataSource, to: &out)
        o.key("generator", &out)
        generator.json.serialize(into: &out)
        o.key("id", &out)
        JSONValue.appendString(id, to: &out)
        o.key("metadata", &out)
        JSONValue.object(metadata).serialize(into: &out)
        o.key("pattern", &out)
        JSONValue.appendString(pattern, to: &out)
        o.key("prompt", &out)
        JSONValue.appendString(prompt, to: &out)
        o.key("questions", &out)
        out.append(UInt8(ascii: "["))
        for (i, question) in questions.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            question.serialize(into: &out)
        }
        out.append(UInt8(ascii: "]"))
        o.key("schema", &out)
        JSONValue.appendString(Instance.schema, to: &out)
        o.key("seed", &out)
        if let seed { JSONValue.appendInteger(Int64(clamping: seed), to: &out) } else { out.append(contentsOf: "null".utf8) }
        o.key("stats", &out)
        stats.json.serialize(into: &out)
        out.append(UInt8(ascii: "}"))
    }
}

extension Chunk {
    /// Appends this chunk's compact JSON text (what ``json`` serializes to).
    func serialize(into out: inout [UInt8]) {
        var o = ObjectWriter(&out)
        o.key("index", &out)
        JSONValue.appendInteger(Int64(index), to: &out)
        o.key("text", &out)
        JSONValue.appendString(text, to: &out)
        o.key("timestamp", &out)
        if let timestamp { JSONValue.appendString(timestamp, to: &out) } else { out.append(contentsOf: "null".utf8) }
        o.key("tokens", &out)
        JSONValue.appendInteger(Int64(tokens), to: &out)
        out.append(UInt8(ascii: "}"))
    }
}

extension Question {
    /// Appends this question's compact JSON text (what ``json`` serializes to).
    func serialize(into out: inout [UInt8]) {
        var o = ObjectWriter(&out)
        o.key("abstain", &out)
        out.append(contentsOf: (abstain ? "true" : "false").utf8)
        o.key("answers", &out)
        out.append(UInt8(ascii: "["))
        for (i, answer) in answers.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSONValue.appendString(answer, to: &out)
        }
        out.append(UInt8(ascii: "]"))
        o.key("asked_at", &out)
        if let askedAt { JSONValue.appendString(askedAt, to: &out) } else { out.append(contentsOf: "null".utf8) }
        o.key("evidence", &out)
        out.append(UInt8(ascii: "["))
        for (i, span) in evidence.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            var e = ObjectWriter(&out)
            e.key("chunk", &out)
            JSONValue.appendInteger(Int64(span.chunk), to: &out)
            e.key("end", &out)
            JSONValue.appendInteger(Int64(span.end), to: &out)
            e.key("start", &out)
            JSONValue.appendInteger(Int64(span.start), to: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
        o.key("id", &out)
        JSONValue.appendString(id, to: &out)
        o.key("metric", &out)
        JSONValue.appendString(metric, to: &out)
        o.key("question", &out)
        JSONValue.appendString(question, to: &out)
        o.key("type", &out)
        JSONValue.appendString(type, to: &out)
        out.append(UInt8(ascii: "}"))
    }
}

/// Writes an object's opening brace, then each key (ASCII, no escapes needed) with the comma before all but the
/// first; the caller writes the values, in key byte order, and the closing brace.
private struct ObjectWriter {
    private var first = true

    init(_ out: inout [UInt8]) { out.append(UInt8(ascii: "{")) }

    mutating func key(_ name: StaticString, _ out: inout [UInt8]) {
        if !first { out.append(UInt8(ascii: ",")) }
        first = false
        out.append(UInt8(ascii: "\""))
        out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        out.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }
}
