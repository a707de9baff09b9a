/// The layouts in which chunk text is presented, after Mem-α's wrappers (our own wording for the free text).
public enum ChunkWrapper: Sendable {
    /// `[Dialogue between User and Assistant on TS]` with a user lead-in and an assistant acknowledgement.
    case dialogue
    /// The same header with a lead-in announcing labelled examples; records are separated by blank lines.
    case classification
    /// `[Dialogue at timestamp TS]` followed by `<User>`/`<Assistant>` turns, one per line.
    case session
    /// A dated heading followed by one line per recorded event or utterance.
    case plain
    /// A dated reading note, the passage, and an instruction to remember it.
    case book

    /// How the items of a chunk body are joined: `" "` before each item but the first, or a suffix after each.
    var joiner: (prefix: String, suffix: String) {
        switch self {
        case .dialogue: return (" ", "")
        case .classification: return ("", "\n\n")
        case .session, .plain: return ("", "\n")
        case .book: return (" ", "")
        }
    }

    static let classificationLeadIns = [
        "Here are some labelled examples.", "Please learn from these labelled sentences.",
        "More examples with their labels:", "Study these sentences and their labels.",
    ]

    static let userLeadIns = [
        "Here is something I read today.", "I want you to keep the following in mind.",
        "Some notes from my reading:", "Please remember these details.", "I came across this and found it useful.",
        "This is from a report I was sent.", "Let me share what I learned.", "Note the following facts for later.",
    ]
    static let assistantReplies = [
        "Understood, I have noted it.", "Thanks, I will remember that.", "Got it; it is saved for later.",
        "Noted. Ask me about it any time.", "All right, I will keep this in mind.",
    ]

    /// The text before and after the chunk's body for chunk `index` (dated `2024-01-01` + index days).
    func frame(index: Int, rng: inout SeededRandom) -> (header: String, footer: String, timestamp: String) {
        let timestamp = ChunkWrapper.date(daysAfterStart: index) + " 00:00"
        switch self {
        case .dialogue:
            let header = "[Dialogue between User and Assistant on \(timestamp)]\n<User>\(rng.pick(ChunkWrapper.userLeadIns))\n"
            let footer = "\n<Assistant>\(rng.pick(ChunkWrapper.assistantReplies))"
            return (header, footer, timestamp)
        case .classification:
            let header = "[Dialogue between User and Assistant on \(timestamp)]\n<User>"
                + "\(rng.pick(ChunkWrapper.classificationLeadIns))\n"
            let footer = "<Assistant>\(rng.pick(ChunkWrapper.assistantReplies))"
            return (header, footer, timestamp)
        case .session:
            return ("[Dialogue at timestamp \(timestamp)]\n", "", timestamp)
        case .plain:
            let day = ChunkWrapper.date(daysAfterStart: index)
            return ("Events recorded on \(day):\n", "", day)
        case .book:
            let day = ChunkWrapper.date(daysAfterStart: 2 * index)
            let header = "[Event happened on \(day): the user is reading a book]\n<User> "
            let footer = "\n\n<System> Remember what the user read on \(day): keep the details of the book and a "
                + "running summary of the story so far."
            return (header, footer, day)
        }
    }

    /// `YYYY-MM-DD` for 2024-01-01 plus `days` days (proleptic Gregorian; no Foundation).
    static func date(daysAfterStart days: Int) -> String {
        var year = 2024
        var remaining = days
        func leap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }
        while remaining >= (leap(year) ? 366 : 365) {
            remaining -= leap(year) ? 366 : 365
            year += 1
        }
        let lengths = [31, leap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        var month = 0
        while remaining >= lengths[month] {
            remaining -= lengths[month]
            month += 1
        }
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(year)-\(two(month + 1))-\(two(remaining + 1))"
    }
}
