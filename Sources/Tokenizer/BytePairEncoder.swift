/// Byte-pair merging of one pre-token piece, as tiktoken does it: start from single bytes and repeatedly merge
/// the adjacent pair whose concatenation has the lowest rank (the leftmost on ties) until no pair is a token.
struct BytePairEncoder {
    /// Scratch: part start offsets, and per part the rank of merging it with its successor and its token.
    var starts: UnsafeMutablePointer<Int32>
    var ranks: UnsafeMutablePointer<UInt32>
    var tokens: UnsafeMutablePointer<UInt32>
    var capacity: Int

    init() {
        capacity = 256
        starts = .allocate(capacity: capacity)
        ranks = .allocate(capacity: capacity)
        tokens = .allocate(capacity: capacity)
    }

    func release() {
        starts.deallocate()
        ranks.deallocate()
        tokens.deallocate()
    }

    mutating func reserve(_ n: Int) {
        guard n > capacity else { return }
        release()
        while capacity < n { capacity *= 2 }
        starts = .allocate(capacity: capacity)
        ranks = .allocate(capacity: capacity)
        tokens = .allocate(capacity: capacity)
    }

    /// Emits the token ids of `piece` (which is not itself a token) in order.
    /// - Complexity: O(n²) in the piece length in the worst case, as in tiktoken; pieces average 5 bytes.
    @inline(__always)
    mutating func merge(_ piece: UnsafePointer<UInt8>, _ length: Int, _ vocab: Vocabulary.Table,
                        _ emit: (UInt32) -> Void) {
        if length == 1 {
            emit(vocab.byteRanks[Int(piece[0])])
            return
        }
        reserve(length + 1)
        let count = BytePairEncoder.mergeParts(piece, length, vocab, starts, ranks, tokens) { _, _, p, n in
            vocab.rank(p, n)
        }
        for k in 0..<count { emit(tokens[k]) }
    }

    /// The number of tokens `piece` (at least 2 bytes, not itself a token) merges into. Whether two parts merge
    /// is asked of `memo` by the pair of their tokens.
    static func countParts(_ piece: UnsafePointer<UInt8>, _ length: Int, _ vocab: Vocabulary.Table,
                           _ memo: inout PieceMemo) -> Int {
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: length + 1) { startsBuffer in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 2 * length) { scratch in
                let ranks = scratch.baseAddress!
                return mergeParts(piece, length, vocab, startsBuffer.baseAddress!, ranks, ranks + length) {
                    a, b, p, n in memo.pairRank(a, b, p, n, vocab)
                }
            }
        }
    }

    /// Merges `piece` (at least 2 bytes) in the scratch arrays (`length + 1` starts, `length` ranks and tokens)
    /// and returns the number of parts; on return part k is bytes `starts[k] ..< starts[k + 1]`, token `tokens[k]`.
    /// `pairRank(a, b, bytes, n)` is the rank of the token made of tokens `a` and `b` (the `n` bytes), or
    /// `UInt32.max`: the vocabulary's answer, or a memo of it.
    @inline(__always)
    static func mergeParts(_ piece: UnsafePointer<UInt8>, _ length: Int, _ vocab: Vocabulary.Table,
                           _ starts: UnsafeMutablePointer<Int32>, _ ranks: UnsafeMutablePointer<UInt32>,
                           _ tokens: UnsafeMutablePointer<UInt32>,
                           _ pairRank: (UInt32, UInt32, UnsafePointer<UInt8>, Int) -> UInt32) -> Int {
        if length > BytePairEncoder.longPiece {
            return mergeLongParts(piece, length, vocab, starts, tokens, pairRank)
        }
        // ranks[k] is the rank of merging parts k and k + 1 (UInt32.max when they do not merge, or for the last).
        var count = length
        for k in 0..<length {
            starts[k] = Int32(k)
            tokens[k] = vocab.byteRanks[Int(piece[k])]
        }
        starts[length] = Int32(length)
        for k in 0..<length - 1 { ranks[k] = vocab.pairRanks[Int(piece[k]) << 8 | Int(piece[k + 1])] }
        ranks[length - 1] = UInt32.max
        @inline(__always) func rank(_ k: Int) -> UInt32 {
            guard k + 1 < count else { return UInt32.max }
            let s = Int(starts[k])
            return pairRank(tokens[k], tokens[k + 1], piece + s, Int(starts[k + 2]) - s)
        }
        while count > 1 {
            // The lowest rank, the leftmost on ties (tiktoken's choice).
            var best = UInt32.max
            var at = -1
            for k in 0..<count - 1 where ranks[k] < best {
                best = ranks[k]
                at = k
            }
            if at < 0 { break }
            // Parts at and at + 1 become one part: the token of rank `best`.
            tokens[at] = best
            // The parts after it move down by one, element by element: pieces are short, and three memmove calls
            // per merge cost more than the copies (6% of the merge loop's instructions, callgrind).
            var k = at + 1
            while k < count - 1 {
                tokens[k] = tokens[k + 1]
                ranks[k] = ranks[k + 1]
                starts[k] = starts[k + 1]
                k += 1
            }
            starts[count - 1] = starts[count]
            count -= 1
            ranks[at] = rank(at)
            if at > 0 { ranks[at - 1] = rank(at - 1) }
        }
        return count
    }
}
