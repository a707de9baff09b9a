import DatasetFormat
import JSONLines
import Tokenizer

/// Checks a dataset file: the schema, unique ids, each answer inside its evidence span, no distractor sentence
/// that pairs a question's subject with another value of the asked attribute (leakage), and the token counts.
public struct DatasetValidator {
    /// One problem found.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// The 1-based line of the instance (0 when the file itself failed).
        public var line: Int
        /// The instance id, when known.
        public var instance: String?
        /// What is wrong.
        public var message: String
        /// Whether the file could not be read at this point (missing, corrupt gzip, bad UTF-8, malformed JSON).
        public var unreadable = false

        /// `line N: instance X: message`.
        public var description: String {
            var parts = ["line \(line)"]
            if let instance { parts.append("instance '\(instance)'") }
            parts.append(message)
            return parts.joined(separator: ": ")
        }
    }

    let encoding: Encoding

    /// Creates a validator counting with o200k_base.
    public init() throws(TokenizerError) {
        encoding = try Encoding.named(.o200kBase)
    }

    /// Validates every instance of `path`; stops at the first error that makes the rest unreadable.
    /// - Returns: the problems and the number of instances read.
    public func validate(path: String, maxProblems: Int = 1000) -> (problems: [Problem], instances: Int) {
        var problems: [Problem] = []
        var ids: [String: Int] = [:]
        var count = 0
        let reader: InstanceReader
        do {
            reader = try InstanceReader(path: path)
        } catch {
            return ([Problem(line: 0, instance: nil, message: error.description, unreadable: true)], 0)
        }
        while problems.count < maxProblems {
            let next: (Instance, Int)?
            do {
                next = try reader.next()
            } catch {
                if error.code == .stream {
                    problems.append(Problem(line: error.line ?? 0, instance: nil, message: error.description,
                                            unreadable: true))
                    break
                }
                problems.append(Problem(line: error.line ?? 0, instance: error.instance, message: error.description))
                continue
            }
            guard let (instance, line) = next else { break }
            count += 1
            if let first = ids[instance.id] {
                problems.append(Problem(line: line, instance: instance.id, message: "duplicate id (first on line \(first))"))
            } else {
                ids[instance.id] = line
            }
            for message in check(instance) { problems.append(Problem(line: line, instance: instance.id, message: message)) }
        }
        return (problems, count)
    }

    /// The problems of one instance.
    public func check(_ instance: Instance) -> [String] {
        var problems: [String] = []
        if instance.stats.tokenizer == encoding.name.rawValue {
            for chunk in instance.chunks {
                let counted = encoding.count(chunk.text)
                if counted != chunk.tokens {
                    problems.append("chunk \(chunk.index) says \(chunk.tokens) tokens but has \(counted)")
                }
            }
        }
        // Imported data (`metadata.answers_verbatim: false`) has source answers that need not be quoted in the
        // evidence, and source questions that may lack evidence; the importer reports both.
        let verbatim = instance.metadata["answers_verbatim"]?.boolValue ?? true
        for q in instance.questions where !q.abstain {
            if q.answers.isEmpty { problems.append("question \(q.id) has no answers") }
            guard verbatim else { continue }
            if q.evidence.isEmpty { problems.append("question \(q.id) has no evidence") }
            let spans = q.evidence.map { e -> String in
                let bytes = Array(instance.chunks[e.chunk].text.utf8)
                return String(decoding: bytes[e.start..<e.end], as: UTF8.self).lowercased()
            }
            // Keyword answers (perltqa's `;` lists, booksum's `,` lists) must have every keyword in the evidence.
            let separator: Character = q.metric == "booksum" ? "," : ";"
            let found = q.answers.contains { answer in
                answer.split(separator: separator).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                    .allSatisfy { part in part.isEmpty || spans.contains { $0.contains(part) } }
            }
            if !q.answers.isEmpty && !spans.isEmpty && !found {
                problems.append("question \(q.id): no answer occurs in its evidence")
            }
        }
        problems += leaks(instance)
        return problems
    }

    /// Sentences outside a question's evidence that name its subject together with another value of the asked
    /// attribute (from `metadata.leak_checks`).
    func leaks(_ instance: Instance) -> [String] {
        guard let checks = instance.metadata["leak_checks"]?.arrayValue else { return [] }
        var problems: [String] = []
        for check in checks {
            guard let qid = check["question"]?.stringValue, let subject = check["subject"]?.stringValue,
                  let question = instance.questions.first(where: { $0.id == qid })
            else { continue }
            let others = (check["other_values"]?.arrayValue ?? []).compactMap(\.stringValue)
            let subjectBytes = Array(subject.utf8)
            for chunk in instance.chunks {
                for (range, sentence) in DatasetValidator.sentences(chunk.text)
                where DatasetValidator.containsBytes(Array(sentence.utf8), subjectBytes) {
                    let isEvidence = question.evidence.contains {
                        $0.chunk == chunk.index && $0.start <= range.lowerBound && range.upperBound <= $0.end
                    }
                    if isEvidence { continue }
                    if let value = others.first(where: { DatasetValidator.containsWord(sentence, $0) }) {
                        problems.append("leak for \(qid): chunk \(chunk.index) pairs '\(subject)' with '\(value)'")
                    }
                }
            }
        }
        return problems
    }

    /// The sentences of a text with their UTF-8 byte ranges (split after `.`, `?`, `!` and at newlines).
    static func sentences(_ text: String) -> [(Range<Int>, String)] {
        let bytes = Array(text.utf8)
        var out: [(Range<Int>, String)] = []
        var start = 0
        for (i, b) in bytes.enumerated() {
            let end: Int?
            if b == 0x0A { end = i } else if (b == 0x2E || b == 0x3F || b == 0x21) && (i + 1 == bytes.count || bytes[i + 1] == 0x20 || bytes[i + 1] == 0x0A) { end = i + 1 } else { end = nil }
            if let end {
                var s = start
                while s < end && bytes[s] == 0x20 { s += 1 }
                if end > s { out.append((s..<end, String(decoding: bytes[s..<end], as: UTF8.self))) }
                start = end
            }
        }
        if start < bytes.count { out.append((start..<bytes.count, String(decoding: bytes[start...], as: UTF8.self))) }
        return out
    }

    /// Whether `needle` occurs in `haystack`.
    static func containsBytes(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return needle.isEmpty }
        let first = needle[0]
        for i in 0...(haystack.count - needle.count) where haystack[i] == first {
            var k = 1
            while k < needle.count && haystack[i + k] == needle[k] { k += 1 }
            if k == needle.count { return true }
        }
        return false
    }

    /// Whether `word` occurs in `text` bounded by non-letters on both sides.
    static func containsWord(_ text: String, _ word: String) -> Bool {
        let t = Array(text.utf8)
        let w = Array(word.utf8)
        guard !w.isEmpty, t.count >= w.count else { return false }
        func isLetter(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b >= 0x80 }
        for i in 0...(t.count - w.count) where Array(t[i..<(i + w.count)]) == w {
            let before = i == 0 || !isLetter(t[i - 1])
            let after = i + w.count == t.count || !isLetter(t[i + w.count])
            if before && after { return true }
        }
        return false
    }
}
