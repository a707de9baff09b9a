import JSONLines

/// The JSON text of an instance written straight from its fields, without building the `JSONValue` tree first: the
/// same bytes as `json.serialize(into:)` (compact, keys in byte order), tested to be equal for every pattern and
/// fuzzed. The tree cost about as much as escaping the chunk text: a dictionary per object, its keys sorted on every
/// write.
extension Instance {
    /// Appends this instance's compact JSON text (what ``json`` serializes to) to `out`.
    /// - Complexity: O(size of the text).
    public func serialize(into out: inout [UInt8]) {
        var o = ObjectWriter(&out)
        o.array("chunks", chunks, &out) { $0.serialize(into: &$1) }
        o.string("competency", competency.rawValue, &out)
        o.string("data_source", dataSource, &out)
        o.value("generator", generator.json, &out)
        o.string("id", id, &out)
        o.value("metadata", .object(metadata), &out)
        o.string("pattern", pattern, &out)
        o.string("prompt", prompt, &out)
        o.array("questions", questions, &out) { $0.serialize(into: &$1) }
        o.string("schema", Instance.schema, &out)
        o.integer("seed", seed.map { Int64(clamping: $0) }, &out)
        o.value("stats", stats.json, &out)
        out.append(UInt8(ascii: "}"))
    }
}

extension Chunk {
    /// Appends this chunk's compact JSON text (what ``json`` serializes to).
    func serialize(into out: inout [UInt8]) {
        var o = ObjectWriter(&out)
        o.integer("index", Int64(index), &out)
        o.string("text", text, &out)
        o.string("timestamp", timestamp, &out)
        o.integer("tokens", Int64(tokens), &out)
        out.append(UInt8(ascii: "}"))
    }
}

extension Question {
    /// Appends this question's compact JSON text (what ``json`` serializes to).
    func serialize(into out: inout [UInt8]) {
        var o = ObjectWriter(&out)
        o.key("abstain", &out)
        out.append(contentsOf: (abstain ? "true" : "false").utf8)
        o.array("answers", answers, &out) { JSONValue.appendString($0, to: &$1) }
        o.string("asked_at", askedAt, &out)
        o.array("evidence", evidence, &out) { span, out in
            var e = ObjectWriter(&out)
            e.integer("chunk", Int64(span.chunk), &out)
            e.integer("end", Int64(span.end), &out)
            e.integer("start", Int64(span.start), &out)
            out.append(UInt8(ascii: "}"))
        }
        o.string("id", id, &out)
        o.string("metric", metric, &out)
        o.string("question", question, &out)
        o.string("type", type, &out)
        out.append(UInt8(ascii: "}"))
    }
}

/// Writes an object's opening brace, then each member's key (ASCII, no escapes needed) with the comma before all
/// but the first, and its value; the caller names the members in key byte order and writes the closing brace.
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

    /// A string member, `null` when absent.
    mutating func string(_ name: StaticString, _ value: String?, _ out: inout [UInt8]) {
        key(name, &out)
        if let value { JSONValue.appendString(value, to: &out) } else { out.append(contentsOf: "null".utf8) }
    }

    /// An integer member, `null` when absent.
    mutating func integer(_ name: StaticString, _ value: Int64?, _ out: inout [UInt8]) {
        key(name, &out)
        if let value { JSONValue.appendInteger(value, to: &out) } else { out.append(contentsOf: "null".utf8) }
    }

    /// A member holding a JSON value.
    mutating func value(_ name: StaticString, _ value: JSONValue, _ out: inout [UInt8]) {
        key(name, &out)
        value.serialize(into: &out)
    }

    /// An array member whose elements `write` appends.
    mutating func array<T>(_ name: StaticString, _ elements: [T], _ out: inout [UInt8],
                           _ write: (T, inout [UInt8]) -> Void) {
        key(name, &out)
        out.append(UInt8(ascii: "["))
        for (i, element) in elements.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            write(element, &out)
        }
        out.append(UInt8(ascii: "]"))
    }
}
