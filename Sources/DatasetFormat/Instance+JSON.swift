import JSONLines

extension Instance {
    /// The JSON object of this instance in schema `memkit.instance/1`.
    public var json: JSONValue {
        var o: [String: JSONValue] = [
            "schema": .string(Instance.schema),
            "id": .string(id),
            "pattern": .string(pattern),
            "competency": .string(competency.rawValue),
            "data_source": .string(dataSource),
            "prompt": .string(prompt),
            "seed": seed.map { .int(Int64(clamping: $0)) } ?? .null,
            "chunks": .array(chunks.map(\.json)),
            "questions": .array(questions.map(\.json)),
            "stats": stats.json,
            "generator": generator.json,
        ]
        o["metadata"] = .object(metadata)
        return .object(o)
    }

    /// Decodes and validates an instance from a parsed JSON line.
    ///
    /// Every missing or ill-typed field is an error naming the instance id and the field's path; structural
    /// rules are checked too (chunk indices in order, evidence inside its chunk, unique question ids,
    /// `stats.num_chunks` and `stats.total_tokens` consistent with the chunks).
    /// - Complexity: O(size of the record).
    public init(json value: JSONValue) throws(DatasetFormatError) {
        // Read the id first so that every later error can name the instance.
        let id = value["id"]?.stringValue
        let r = try FieldReader(value, path: "", instance: id)
        let schema = try r.string("schema")
        guard schema == Instance.schema else {
            throw DatasetFormatError(.unsupportedSchema,
                "schema '\(schema)' is not supported; this version reads '\(Instance.schema)'",
                field: "schema", instance: id)
        }
        self.id = try r.string("id")
        if self.id.isEmpty { throw r.invalid("id", "must not be empty") }
        pattern = try r.string("pattern")
        let competencyText = try r.string("competency")
        guard let competency = Competency(rawValue: competencyText) else {
            let allowed = Competency.allCases.map(\.rawValue).joined(separator: ", ")
            throw r.invalid("competency", "'\(competencyText)' is not one of \(allowed)")
        }
        self.competency = competency
        dataSource = try r.string("data_source")
        prompt = try r.string("prompt")
        if let s = r.object["seed"], !s.isNull {
            guard case .int(let raw) = s else { throw r.wrongType("seed", expected: "an integer or null", found: s) }
            guard raw >= 0 else { throw r.invalid("seed", "must be between 0 and 2^63-1, found \(raw)") }
            seed = UInt64(raw)
        } else {
            seed = nil
        }
        chunks = try r.elements("chunks") { (c, i) throws(DatasetFormatError) in
            let chunk = Chunk(index: try c.int("index", min: 0), text: try c.string("text"),
                              timestamp: try c.optionalString("timestamp"), tokens: try c.int("tokens", min: 0))
            if chunk.index != i { throw c.invalid("index", "is \(chunk.index) but the chunk is at position \(i)") }
            return chunk
        }
        let chunkLengths = chunks.map(\.text.utf8.count)
        questions = try r.elements("questions") { (q, _) throws(DatasetFormatError) in
            let evidence = try q.elements("evidence") { (e, _) throws(DatasetFormatError) in
                let span = Evidence(chunk: try e.int("chunk", min: 0), start: try e.int("start", min: 0),
                                    end: try e.int("end", min: 0))
                guard span.chunk < chunkLengths.count else {
                    throw e.invalid("chunk", "chunk \(span.chunk) does not exist (\(chunkLengths.count) chunks)")
                }
                guard span.start <= span.end, span.end <= chunkLengths[span.chunk] else {
                    throw e.invalid("end", "span \(span.start)..<\(span.end) is outside chunk \(span.chunk)"
                        + " of \(chunkLengths[span.chunk]) bytes")
                }
                return span
            }
            return Question(id: try q.string("id"), question: try q.string("question"),
                            answers: try q.stringArray("answers"), metric: try q.string("metric"),
                            type: try q.string("type"), evidence: evidence,
                            askedAt: try q.optionalString("asked_at"),
                            abstain: try q.optionalBool("abstain", default: false))
        }
        var seen = Set<String>()
        for (i, q) in questions.enumerated() where !seen.insert(q.id).inserted {
            throw r.invalid("questions[\(i)].id", "duplicate question id '\(q.id)'")
        }
        let s = try FieldReader(try r.value("stats"), path: "stats", instance: id)
        stats = Stats(tokenizer: try s.string("tokenizer"), totalTokens: try s.int("total_tokens", min: 0),
                      targetTokens: try s.optionalInt("target_tokens", min: 0), numChunks: try s.int("num_chunks"))
        if stats.numChunks != chunks.count {
            throw s.invalid("num_chunks", "is \(stats.numChunks) but there are \(chunks.count) chunks")
        }
        let summed = chunks.reduce(0) { $0 + $1.tokens }
        if stats.totalTokens != summed {
            throw s.invalid("total_tokens", "is \(stats.totalTokens) but the chunks' tokens add up to \(summed)")
        }
        let g = try FieldReader(try r.value("generator"), path: "generator", instance: id)
        generator = Generator(name: try g.string("name"), version: try g.string("version"),
                              parameters: try g.objectValue("parameters"))
        if let m = r.object["metadata"], !m.isNull {
            guard let o = m.objectValue else { throw r.wrongType("metadata", expected: "an object", found: m) }
            metadata = o
        } else {
            metadata = [:]
        }
    }
}

extension Chunk {
    /// The JSON object of this chunk.
    public var json: JSONValue {
        .object([
            "index": .int(Int64(index)), "text": .string(text), "timestamp": timestamp.map { .string($0) } ?? .null,
            "tokens": .int(Int64(tokens)),
        ])
    }
}

extension Question {
    /// The JSON object of this question.
    public var json: JSONValue {
        .object([
            "id": .string(id), "question": .string(question), "answers": .array(answers.map { .string($0) }),
            "metric": .string(metric), "type": .string(type), "evidence": .array(evidence.map(\.json)),
            "asked_at": askedAt.map { .string($0) } ?? .null, "abstain": .bool(abstain),
        ])
    }
}

extension Evidence {
    /// The JSON object of this span.
    public var json: JSONValue {
        .object(["chunk": .int(Int64(chunk)), "start": .int(Int64(start)), "end": .int(Int64(end))])
    }
}

extension Stats {
    /// The JSON object of these statistics.
    public var json: JSONValue {
        .object([
            "tokenizer": .string(tokenizer), "total_tokens": .int(Int64(totalTokens)),
            "target_tokens": targetTokens.map { .int(Int64($0)) } ?? .null, "num_chunks": .int(Int64(numChunks)),
        ])
    }
}

extension Generator {
    /// The JSON object of this generator record.
    public var json: JSONValue {
        .object(["name": .string(name), "version": .string(version), "parameters": .object(parameters)])
    }
}
