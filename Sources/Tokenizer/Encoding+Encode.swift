#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Encoding {
    /// Calls `emit` with each token id of `text` (valid UTF-8), in order.
    @inline(__always)
    func forEachToken(_ text: UnsafeBufferPointer<UInt8>, _ emit: (UInt32) -> Void) {
        guard let base = text.baseAddress, text.count > 0 else { return }
        let t = ClassifiedText(base: base, count: text.count, table: classTable.table)
        var bpe = BytePairEncoder()
        defer { bpe.release() }
        var i = 0
        while i < t.count {
            let e = splitter.pieceEnd(t, i)
            let rank = vocabulary.rank(base + i, e - i)
            if rank != UInt32.max {
                emit(rank)
            } else {
                bpe.merge(base + i, e - i, vocabulary.table, emit)
            }
            i = e
        }
    }

    /// The token ids of `text`. Special-token text is encoded as ordinary text, like tiktoken's
    /// `encode_ordinary`.
    /// - Complexity: O(n) in the UTF-8 length for ordinary text.
    public func encode(_ text: String) -> [UInt32] {
        TextBytes.with(text) { encode(utf8: UnsafeBufferPointer(start: $0, count: $1)) }
    }

    /// The token ids of valid UTF-8 bytes.
    public func encode(utf8 text: UnsafeBufferPointer<UInt8>) -> [UInt32] {
        var ids: [UInt32] = []
        ids.reserveCapacity(text.count / 4 + 1)
        forEachToken(text) { ids.append($0) }
        return ids
    }

    /// The token ids of arbitrary bytes, which must be UTF-8; otherwise the error gives the offset of the first
    /// bad byte.
    public func encode(bytes: [UInt8]) throws(TokenizerError) -> [UInt32] {
        let result: Result<[UInt32], TokenizerError> = bytes.withUnsafeBufferPointer { buffer in
            if let bad = Encoding.firstInvalidUTF8(buffer) {
                return .failure(TokenizerError(.invalidUTF8, "the input is not valid UTF-8", offset: bad))
            }
            return .success(encode(utf8: buffer))
        }
        return try result.get()
    }

    /// The number of tokens in `text`, without building the array.
    /// - Complexity: O(n) in the UTF-8 length.
    public func count(_ text: String) -> Int {
        TextBytes.with(text) { count(utf8: UnsafeBufferPointer(start: $0, count: $1)) }
    }

    /// The number of tokens in valid UTF-8 bytes.
    public func count(utf8 text: UnsafeBufferPointer<UInt8>) -> Int {
        var n = 0
        forEachToken(text) { _ in n += 1 }
        return n
    }

    /// The bytes that `ids` stand for, joined (tokens need not be whole UTF-8 sequences on their own).
    /// Unknown ids are skipped and reported by ``isValidToken(_:)``.
    public func decodeBytes(_ ids: [UInt32]) -> [UInt8] {
        var out: [UInt8] = []
        for id in ids {
            if Int(id) < vocabulary.count {
                out.append(contentsOf: vocabulary.bytes(of: Int(id)))
            } else if let special = specialTokens.first(where: { $0.id == id }) {
                out.append(contentsOf: special.text.utf8)
            }
        }
        return out
    }

    /// The text that `ids` stand for; invalid UTF-8 (from a cut multi-byte token) becomes U+FFFD, as in
    /// tiktoken's `decode`.
    public func decode(_ ids: [UInt32]) -> String {
        String(decoding: decodeBytes(ids), as: UTF8.self)
    }

    /// Whether `id` is an ordinary or special token of this encoding.
    public func isValidToken(_ id: UInt32) -> Bool {
        Int(id) < vocabulary.count || specialTokens.contains { $0.id == id }
    }

    /// Whether `text` contains the text of a special token (`<|endoftext|>`, …). Mem-α's `count_tokens` returns 0
    /// for such text, because tiktoken's `encode` refuses it by default.
    /// - Complexity: O(n), jumping between `<` bytes with `memchr`.
    public func containsSpecialToken(_ text: String) -> Bool {
        TextBytes.with(text) { containsSpecialToken($0, $1) }
    }

    /// ``containsSpecialToken(_:)-(String)`` on `n` bytes of UTF-8 at `base`.
    @_spi(Hot) public func containsSpecialToken(_ base: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var i = 0
        while i + 1 < n {
            guard let hit = memchr(base + i, 0x3C, n - i) else { return false }
            let j = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
            if j + 1 < n && base[j + 1] == 0x7C {  // "<|"
                for special in specialTokens {
                    let bytes = special.bytes
                    if j + bytes.count <= n && memcmp(base + j, bytes, bytes.count) == 0 { return true }
                }
            }
            i = j + 1
        }
        return false
    }

    static func firstInvalidUTF8(_ buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        if String(validating: buffer, as: UTF8.self) != nil { return nil }
        // Locate the first bad byte by decoding scalar by scalar.
        var iterator = buffer.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s): offset += UTF8.width(s)
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }
}
