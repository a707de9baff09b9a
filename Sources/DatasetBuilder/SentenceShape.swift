/// How a templated sentence was written, so that its token count needs only its variable parts counted: which
/// template it came from and where each value was filled in.
///
/// A text's o200k count is the sum of its segments' counts (runs between word boundaries, see
/// `Encoding.segmentEnd`). The segments that lie wholly in a template's fixed text are the same bytes in every
/// sentence of that template, so their total is a constant of the template; only the segments that touch a value
/// (a "glue": from the boundary before the value to the boundary after it) are counted per sentence. The assembler
/// learns each template's constant from the first sentence of it that it counts in full. This holds when every
/// value ends with a printable ASCII byte (so that a space after it is a boundary, as after fixed text): the
/// assembler checks that and counts in full otherwise.
struct SentenceShape {
    /// The template, `0 ..< templateCount` of the pattern, or -1 for a sentence without a shape.
    var template = -1
    /// The values' byte ranges in the arena (at most ``capacity``).
    var starts: (Int, Int, Int, Int) = (0, 0, 0, 0)
    var ends: (Int, Int, Int, Int) = (0, 0, 0, 0)
    /// Each value's key, or -1: a number that stands for the value's bytes within one instance (the same key is
    /// never given to two different values), so that the count of a space and the value can be remembered by key.
    var keys: (Int32, Int32, Int32, Int32) = (-1, -1, -1, -1)
    /// Bit `k` is set when value `k` recurs in the instance (a place, not a person's name), so that its glue with a
    /// following full stop is worth remembering as well.
    var recurring: UInt8 = 0
    private(set) var count = 0
    static let capacity = 4

    /// Records a value at `start ..< end`, with its key (see ``keys``) or -1, and whether it recurs (see
    /// ``recurring``); a fifth one drops the shape (the sentence is counted in full).
    @inline(__always)
    mutating func add(_ start: Int, _ end: Int, key: Int32 = -1, recurs: Bool = false) {
        if recurs && count < SentenceShape.capacity { recurring |= 1 << UInt8(count) }
        switch count {
        case 0: starts.0 = start; ends.0 = end; keys.0 = key
        case 1: starts.1 = start; ends.1 = end; keys.1 = key
        case 2: starts.2 = start; ends.2 = end; keys.2 = key
        case 3: starts.3 = start; ends.3 = end; keys.3 = key
        default: template = -1
        }
        count += 1
    }

    /// Value `k`'s range and key.
    @inline(__always)
    func value(_ k: Int) -> (start: Int, end: Int, key: Int32) {
        switch k {
        case 0: return (starts.0, ends.0, keys.0)
        case 1: return (starts.1, ends.1, keys.1)
        case 2: return (starts.2, ends.2, keys.2)
        default: return (starts.3, ends.3, keys.3)
        }
    }

    /// Whether value `k` recurs (see ``recurring``).
    @inline(__always)
    func recurs(_ k: Int) -> Bool { recurring >> UInt8(k) & 1 != 0 }
}
