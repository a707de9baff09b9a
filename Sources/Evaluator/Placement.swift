import MemorySim

/// memkit's rules for Mem-α's r4 (whether a written memory sits in the right part of memory). Mem-α asks an
/// LLM; memkit judges without one, from the text and the chunk's own timestamp:
///
/// - core: valid when it is not blank, does not talk about itself as "core memory" (Mem-α's first invalidity
///   rule) and was not truncated at the 512-token cap;
/// - episodic: valid when it carries a time anchor: a date or time (`2024-03-05`, `5/3`, `14:30`), a year, a
///   month or weekday name, a relative day word (`today`, `yesterday`, …), or the chunk's own date;
/// - semantic: valid when it is not blank (Mem-α's fallback: what is neither core nor an event is semantic).
enum Placement {
    static let months: Set<String> = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    ]
    static let days: Set<String> = [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday",
        "tomorrow", "tonight", "ago", "weekend", "morning", "evening", "afternoon",
    ]

    /// The placement score (0 or 1) of content stored in `type` while reading a chunk dated `timestamp`.
    static func score(type: MemoryType, content: String, timestamp: String?) -> Double {
        let blank = content.unicodeScalars.allSatisfy(PythonText.isSpace)
        if blank { return 0 }
        switch type {
        case .core:
            let lower = PythonText.lowercased(content)
            if lower.contains("core memory") || content.hasSuffix(Memory.truncationMarker) { return 0 }
            return 1
        case .semantic:
            return 1
        case .episodic:
            if let timestamp, let date = timestamp.split(separator: " ").first, content.contains(date) { return 1 }
            return hasTimeAnchor(content) ? 1 : 0
        }
    }

    /// Whether ASCII words and digit groups in `text` include a date, a time, a year, or a month or day word.
    static func hasTimeAnchor(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if isDigit(b) {
                var j = i
                while j < bytes.count && isDigit(bytes[j]) { j += 1 }
                let n = j - i
                // A year 1900–2099 standing alone.
                if n == 4 && (bytes[i] == 0x31 && bytes[i + 1] == 0x39 || bytes[i] == 0x32 && bytes[i + 1] == 0x30) {
                    return true
                }
                // d:dd, d/d, d-d, d.d between digit groups (times and dates).
                if n <= 4, j + 1 < bytes.count, [0x3A, 0x2F, 0x2D].contains(bytes[j]), isDigit(bytes[j + 1]) {
                    return true
                }
                i = j
            } else if isLetter(b) {
                var j = i
                while j < bytes.count && isLetter(bytes[j]) { j += 1 }
                if j - i <= 9 {
                    let word = String(decoding: bytes[i..<j].map { $0 | 0x20 }, as: UTF8.self)
                    if months.contains(word) || days.contains(word) { return true }
                }
                i = j
            } else {
                i += 1
            }
        }
        return false
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
}
