import DatasetFormat
import JSONLines

/// LongMemEval records (`question_id, question_type, question, answer, question_date, haystack_session_ids,
/// haystack_dates, haystack_sessions, answer_session_ids`) as memkit instances: one per question, each session a
/// chunk in Mem-α's session layout (`[Dialogue at timestamp …]` then `<User>`/`<Assistant>` lines).
enum LongMemEvalImporter {
    static let known: Set<String> = ["question_id", "question_type", "question", "answer", "question_date",
                                     "haystack_session_ids", "haystack_dates", "haystack_sessions",
                                     "answer_session_ids"]

    static func convert(_ record: FieldReader, chunker: SessionChunker, report: inout ImportReport)
        throws(DatasetFormatError) -> Instance
    {
        let id = try record.string("question_id")
        let r = try FieldReader(.object(record.object), path: "", instance: id)
        for key in r.object.keys.sorted() where !known.contains(key) { report.note("field_not_imported", "\(id): \(key)") }
        let type = try r.string("question_type")
        let question = try r.string("question")
        let answer = try answerText(r, "answer")
        let sessionIds = try r.stringArray("haystack_session_ids")
        let dates = try r.stringArray("haystack_dates")
        let sessions = try r.array("haystack_sessions")
        guard sessionIds.count == sessions.count, dates.count == sessions.count else {
            throw r.invalid("haystack_sessions", "has \(sessions.count) sessions but \(sessionIds.count) ids and "
                + "\(dates.count) dates")
        }
        let answerSessions = Set(try r.stringArray("answer_session_ids"))
        for missing in answerSessions.subtracting(sessionIds).sorted() {
            report.note("answer_session_not_in_haystack", "\(id): \(missing)")
        }
        var chunks: [Chunk] = []
        var chunkSessions: [JSONValue] = []
        var evidence: [Evidence] = []
        for (k, session) in sessions.enumerated() {
            let place = "haystack_sessions[\(k)]"
            guard let turns = session.arrayValue else { throw r.wrongType(place, expected: "a list", found: session) }
            guard !turns.isEmpty else { throw r.invalid(place, "is an empty session (id \(sessionIds[k]))") }
            var parsed: [SessionChunker.Turn] = []
            var marked: [String] = []
            for (t, turn) in turns.enumerated() {
                let tr = try FieldReader(turn, path: "\(place)[\(t)]", instance: id)
                for field in tr.object.keys.sorted() where !["role", "content", "has_answer"].contains(field) {
                    report.note("turn_field_not_imported", "\(id) \(place)[\(t)]: \(field)")
                }
                let role = try tr.string("role")
                parsed.append(SessionChunker.Turn(speaker: role.prefix(1).uppercased() + role.dropFirst(),
                                                  text: try tr.string("content"), key: "\(t)"))
                if try tr.optionalBool("has_answer", default: false) { marked.append("\(t)") }
            }
            let timestamp = SourceDate.longMemEval(dates[k])
            if timestamp == nil { report.note("unparsed_date", "\(id): \(dates[k])") }
            let pieces = chunker.chunks(header: "[Dialogue at timestamp \(dates[k])]\n", turns: parsed,
                                        report: &report, where: "\(id) session \(sessionIds[k]) turn")
            let isAnswer = answerSessions.contains(sessionIds[k])
            for piece in pieces {
                let index = chunks.count
                chunks.append(Chunk(index: index, text: piece.text, timestamp: timestamp, tokens: piece.tokens))
                chunkSessions.append(.string(sessionIds[k]))
                guard isAnswer else { continue }
                if marked.isEmpty {
                    // The session answers the question but no turn is marked: the whole chunk is the evidence.
                    evidence.append(Evidence(chunk: index, start: 0, end: piece.text.utf8.count))
                } else {
                    for key in marked { if let span = piece.spans[key] {
                        evidence.append(Evidence(chunk: index, start: span.lowerBound, end: span.upperBound))
                    } }
                }
            }
            report.count("sessions")
        }
        let abstain = id.hasSuffix("_abs")
        if abstain { report.count("abstention_questions") }
        if evidence.isEmpty && !abstain { report.note("question_without_evidence", id) }
        report.count("type:" + type)
        let asked = try r.optionalString("question_date")
        let askedAt = asked.flatMap(SourceDate.longMemEval)
        if let asked, askedAt == nil { report.note("unparsed_date", "\(id): question_date \(asked)") }
        let q = Question(id: id, question: question, answers: [answer], metric: "longmemeval_s", type: type,
                         evidence: evidence, askedAt: askedAt, abstain: abstain)
        return Instance(
            id: id, pattern: "longmemeval", competency: .accurateRetrieval, dataSource: "longmemeval_s",
            prompt: "The following chunks are the user's past conversations with an assistant. Keep what you will "
                + "need to answer questions about them later.",
            seed: nil, chunks: chunks, questions: [q],
            stats: Stats(tokenizer: "o200k_base", totalTokens: chunks.reduce(0) { $0 + $1.tokens }, targetTokens: nil,
                         numChunks: chunks.count),
            generator: Generator(name: "mkdataset import", version: "1",
                                 parameters: ["from": "longmemeval", "chunk_tokens": .int(Int64(chunker.limit))]),
            metadata: ["answers_verbatim": false, "chunk_sessions": .array(chunkSessions)])
    }

    /// An answer that the source writes as a string or a number.
    static func answerText(_ r: FieldReader, _ key: String) throws(DatasetFormatError) -> String {
        let v = try r.value(key)
        switch v {
        case .string(let s): return s
        case .int(let i): return "\(i)"
        case .double(let d): return "\(d)"
        default: throw r.wrongType(key, expected: "a string or a number", found: v)
        }
    }
}
