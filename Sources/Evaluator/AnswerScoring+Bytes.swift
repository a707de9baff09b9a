extension AnswerScoring {
    /// ``normalize(_:)`` as UTF-8 bytes, with a byte-level path for ASCII text (the common case for memory items
    /// and contexts) and the scalar-level definition for everything else. Both give identical results.
    /// - Complexity: O(n).
    package static func normalizedBytes(_ text: String) -> [UInt8] {
        var utf8 = text.utf8
        if let fast = utf8.withContiguousStorageIfAvailable({ asciiNormalized($0) }) {
            if let fast { return fast }
        } else {
            var copy = text
            copy.makeContiguousUTF8()
            utf8 = copy.utf8
            if let fast = utf8.withContiguousStorageIfAvailable({ asciiNormalized($0) }) ?? nil { return fast }
        }
        return Array(normalize(text).utf8)
    }

    /// The ASCII path: lowercase, drop punctuation, drop the words a/an/the, single spaces. `nil` when the text
    /// has a non-ASCII byte or a control character that is not whitespace (the general path handles those).
    static func asciiNormalized(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var wordStart = -1
        func endWord() {
            guard wordStart >= 0 else { return }
            let n = out.count - wordStart
            let isArticle = (n == 1 && out[wordStart] == 0x61)
                || (n == 2 && out[wordStart] == 0x61 && out[wordStart + 1] == 0x6E)
                || (n == 3 && out[wordStart] == 0x74 && out[wordStart + 1] == 0x68 && out[wordStart + 2] == 0x65)
            if isArticle {
                out.removeLast(n)
                if !out.isEmpty { out.removeLast() }  // the space before it
            }
            wordStart = -1
        }
        for b in bytes {
            switch b {
            case 0x41...0x5A, 0x61...0x7A, 0x30...0x39:
                if wordStart < 0 {
                    if !out.isEmpty { out.append(0x20) }
                    wordStart = out.count
                }
                out.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
            case 0x09...0x0D, 0x1C...0x1F, 0x20:
                endWord()
            case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E:
                continue  // punctuation is deleted, so it joins the letters around it
            default:
                return nil
            }
        }
        endWord()
        return out
    }
}
