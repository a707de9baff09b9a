import DatasetFormat
import JSONLines

/// LoCoMo conversations (`sample_id`, `conversation{speaker_a, speaker_b, session_N[…], session_N_date_time}`,
/// `qa[{question, answer | adversarial_answer, evidence, category}]`) as memkit instances: one per conversation,
/// each session a chunk, categories by their real numbering (1 multi-hop, 2 temporal, 3 open-domain,
/// 4 single-hop, 5 adversarial, which becomes an abstention question).
enum LoCoMoImporter {
    static let categories = [1: "multi-hop", 2: "temporal", 3: "open-domain", 4: "single-hop", 5: "adversarial"]
    static let known: Set<String> = ["sample_id", "conversation", "qa"]

    static func convert(_ record: FieldReader, chunker: SessionChunker, report: inout ImportReport)
        throws(DatasetFormatError) -> Instance
    {
        let id = try record.string("sample_id")
        let r = try FieldReader(.object(record.object), path: "", instance: id)
        for key in r.object.keys.sorted() where !known.contains(key) { report.note("field_not_imported", "\(id): \(key)") }
        let c = try FieldReader(try r.value("conversation"), path: "conversation", instance: id)
        var numbers: [Int] = []
        for key in c.object.keys where key.hasPrefix("session_") && !key.hasSuffix("_date_time") {
            guard let n = Int(key.dropFirst("session_".count)) else {
                report.note("field_not_imported", "\(id): conversation.\(key)")
                continue
            }
            numbers.append(n)
        }
        guard !numbers.isEmpty else { throw c.invalid("session_1", "the conversation has no sessions") }
        var chunks: [Chunk] = []
        var where_: [String: (chunk: Int, span: Range<Int>)] = [:]
        var chunkSessions: [JSONValue] = []
        for n in numbers.sorted() {
            let key = "session_\(n)"
            let date = try c.string(key + "_date_time")
            let turns = try c.array(key)
            guard !turns.isEmpty else { throw c.invalid(key, "is an empty session") }
            var parsed: [SessionChunker.Turn] = []
            for (t, turn) in turns.enumerated() {
                let tr = try FieldReader(turn, path: "conversation.\(key)[\(t)]", instance: id)
                for field in tr.object.keys.sorted() where !["speaker", "dia_id", "text", "blip_caption"].contains(field) {
                    report.note("turn_field_not_imported", "\(id) \(key)[\(t)]: \(field)")
                }
                var text = try tr.string("text")
                if let caption = try tr.optionalString("blip_caption") { text += " [shares an image: \(caption)]" }
                parsed.append(SessionChunker.Turn(speaker: try tr.string("speaker"), text: text,
                                                  key: try tr.string("dia_id")))
            }
            let timestamp = SourceDate.loCoMo(date)
            if timestamp == nil { report.note("unparsed_date", "\(id): \(date)") }
            for piece in chunker.chunks(header: "[Dialogue at timestamp \(date)]\n", turns: parsed, report: &report,
                                        where: "\(id) \(key) turn") {
                for (dia, span) in piece.spans { where_[dia] = (chunks.count, span) }
                chunks.append(Chunk(index: chunks.count, text: piece.text, timestamp: timestamp, tokens: piece.tokens))
                chunkSessions.append(.int(Int64(n)))
            }
            report.count("sessions")
        }
        var adversarial: [String: JSONValue] = [:]
        let questions = try r.elements("qa") { (q, k) throws(DatasetFormatError) -> Question in
            let qid = "q\(k)"
            let category = try q.int("category")
            let type = categories[category] ?? "unknown"
            if categories[category] == nil { report.note("unknown_category", "\(id) \(qid): \(category)") }
            report.count("category:\(category) \(type)")
            let abstain = category == 5
            var answers: [String] = []
            if abstain {
                report.count("abstention_questions")
                if q.object["adversarial_answer"] != nil {
                    adversarial[qid] = .string(try LongMemEvalImporter.answerText(q, "adversarial_answer"))
                }
                if q.object["answer"] != nil {
                    report.note("abstention_answer_kept_in_metadata", "\(id) \(qid)")
                    adversarial[qid] = .string(try LongMemEvalImporter.answerText(q, "answer"))
                }
            } else {
                answers = [try LongMemEvalImporter.answerText(q, "answer")]
            }
            var evidence: [Evidence] = []
            for raw in try q.stringArray("evidence") {
                // Some records pack several ids in one string ("D8:6; D9:17").
                for part in raw.split(whereSeparator: { $0 == ";" || $0 == " " || $0 == "," }) {
                    if let at = where_[String(part)] {
                        evidence.append(Evidence(chunk: at.chunk, start: at.span.lowerBound, end: at.span.upperBound))
                    } else {
                        report.note("evidence_id_not_found", "\(id) \(qid): \(part)")
                    }
                }
            }
            if evidence.isEmpty && !abstain { report.note("question_without_evidence", "\(id) \(qid)") }
            return Question(id: qid, question: try q.string("question"), answers: answers, metric: "locomo",
                            type: type, evidence: evidence, askedAt: nil, abstain: abstain)
        }
        var metadata: [String: JSONValue] = ["answers_verbatim": false, "chunk_sessions": .array(chunkSessions)]
        if !adversarial.isEmpty { metadata["adversarial_answers"] = .object(adversarial) }
        for key in ["speaker_a", "speaker_b"] { if let v = c.object[key] { metadata[key] = v } }
        return Instance(
            id: id, pattern: "locomo", competency: .accurateRetrieval, dataSource: "locomo",
            prompt: "The following chunks are sessions of a long conversation between two people. Keep what you will "
                + "need to answer questions about them later.",
            seed: nil, chunks: chunks, questions: questions,
            stats: Stats(tokenizer: "o200k_base", totalTokens: chunks.reduce(0) { $0 + $1.tokens }, targetTokens: nil,
                         numChunks: chunks.count),
            generator: Generator(name: "mkdataset import", version: "1",
                                 parameters: ["from": "locomo", "chunk_tokens": .int(Int64(chunker.limit))]),
            metadata: metadata)
    }
}
