import Tokenizer

/// Interned search terms: byte strings mapped to dense ids with an open-addressing table, so that indexing and
/// querying never allocate per word.
struct TermTable: Sendable {
    var table = ByteTable()

    var count: Int { table.count }

    /// The id of the term `bytes`, adding it when `insert` is true; nil when absent and not inserted.
    mutating func id(_ p: UnsafePointer<UInt8>, _ n: Int, insert: Bool) -> Int32? {
        if insert { return Int32(table.insert(p, n, value: 0)) }
        return table.index(of: p, n).map(Int32.init)
    }

    /// The term ids of Mem-α's search tokens of `text` (runs of `\w` in the lowercased text), in order.
    /// ASCII text is scanned as bytes; other text goes through the full Unicode rules.
    /// With `insert` false, tokens that are not terms are left out (they score nothing).
    mutating func ids(of text: String, insert: Bool) -> [Int32] {
        var copy = text
        return copy.withUTF8 { utf8 -> [Int32] in
            var result: [Int32] = []
            for b in utf8 where b >= 0x80 {
                for token in PythonText.wordTokens(text) {
                    var bytes = Array(token.utf8)
                    let n = bytes.count
                    let id = bytes.withUnsafeMutableBufferPointer { self.id($0.baseAddress!, n, insert: insert) }
                    if let id { result.append(id) }
                }
                return result
            }
            guard let base = utf8.baseAddress else { return result }
            result.reserveCapacity(utf8.count / 5)
            var lower = [UInt8](repeating: 0, count: 64)
            var i = 0
            let n = utf8.count
            while i < n {
                while i < n && !PythonText.asciiWord(base[i]) { i += 1 }
                let start = i
                while i < n && PythonText.asciiWord(base[i]) { i += 1 }
                let length = i - start
                guard length > 0 else { break }
                if lower.count < length { lower = [UInt8](repeating: 0, count: length) }
                let id = lower.withUnsafeMutableBufferPointer { buffer -> Int32? in
                    let out = buffer.baseAddress!
                    for k in 0..<length {
                        let b = base[start + k]
                        out[k] = b >= 0x41 && b <= 0x5A ? b + 32 : b
                    }
                    return self.id(out, length, insert: insert)
                }
                if let id { result.append(id) }
            }
            return result
        }
    }
}
