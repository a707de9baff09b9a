import DatasetFormat

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Looks for a question's gold answer in memory text, without an LLM: the answer-in-context metric and the
/// failure attribution are built on it. See `docs/evaluation.md`.
///
/// Text is compared after SQuAD normalisation (lowercase, no punctuation, no articles, single spaces) and only
/// on word boundaries, so the gold `3` is not found inside `2023`.
public struct AnswerProbe: Sendable {
    /// How the gold answer is read.
    public enum Kind: String, Sendable {
        /// Any one of the gold answers suffices.
        case anyOf = "any_of"
        /// A keyword list (booksum summaries, `;`-separated answers): each keyword counts, coverage is the share.
        case allOf = "all_of"
        /// A classification label: the text must pair the word `label` with the gold digit(s).
        case label
    }

    /// How the gold answer is read.
    public let kind: Kind
    /// Each needle as ` normalised words ` (a space on both sides).
    let needles: [[UInt8]]

    /// The number of needles (keywords for `allOf`, alternatives for `anyOf`).
    public var count: Int { needles.count }

    /// A probe for `question` scored as `dataSource`, or `nil` for an abstention question or a gold answer that
    /// normalises to nothing.
    public init?(question: Question, dataSource: String) {
        guard !question.abstain, let first = question.answers.first else { return nil }
        var kind = Kind.anyOf
        var golds = question.answers
        if dataSource == "pubmed-rct" || dataSource.contains("icl") {
            kind = .label
            golds = question.answers.map { "label " + $0 }
        } else if dataSource == "booksum" || dataSource.hasPrefix("infbench_sum") {
            kind = .allOf
            golds = question.answers.count == 1 ? AnswerScoring.split(first, ", ") : question.answers
        } else if question.answers.count == 1 && first.contains(";") {
            kind = .allOf
            golds = AnswerScoring.split(first, ";")
        }
        let needles = golds.map { AnswerScoring.normalizedBytes($0) }.filter { !$0.isEmpty }.map { [0x20] + $0 + [0x20] }
        guard !needles.isEmpty else { return nil }
        self.kind = kind
        self.needles = needles
    }

    /// Wraps normalised text so that needles match on word boundaries only.
    package static func haystack(_ text: String) -> [UInt8] {
        [0x20] + AnswerScoring.normalizedBytes(text) + [0x20]
    }

    /// Marks in `found` every needle that occurs in `haystack` (made by ``haystack(_:)``, or several of them
    /// joined with a non-space byte between).
    /// - Complexity: O(needles × haystack) worst case, memmem speed in practice.
    package func mark(in haystack: [UInt8], _ found: inout [Bool]) {
        precondition(found.count == needles.count, "one flag per needle")
        haystack.withUnsafeBytes { h in
            for (i, needle) in needles.enumerated() where !found[i] {
                found[i] = needle.withUnsafeBytes { n in AnswerProbe.occurs(n, in: h) }
            }
        }
    }

    /// Whether `needle` (at least 2 bytes, starting with a space) occurs in `haystack`: `memchr` for its second
    /// byte (a space would stop the scan at every word), then a comparison.
    static func occurs(_ needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer) -> Bool {
        let n = needle.count
        guard n >= 2, haystack.count >= n, let h = haystack.baseAddress, let p = needle.baseAddress else {
            return false
        }
        let anchor = Int32(needle[1])
        var from = 1
        let last = haystack.count - n + 2  // one past the anchor's last possible position
        while from < last {
            guard let hit = memchr(h + from, anchor, last - from) else { return false }
            let at = UnsafeRawPointer(hit) - h
            if memcmp(h + at - 1, p, n) == 0 { return true }
            from = at + 1
        }
        return false
    }

    /// The share of the answer that `found` covers: for `allOf` the share of keywords, otherwise 1 or 0.
    package func coverage(_ found: [Bool]) -> Double {
        let hits = found.filter { $0 }.count
        switch kind {
        case .allOf: return Double(hits) / Double(needles.count)
        case .anyOf, .label: return hits > 0 ? 1 : 0
        }
    }
}
