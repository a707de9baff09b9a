/// Byte-pair merging of one pre-token piece, as tiktoken does it: start from single bytes and repeatedly merge
/// the adjacent pair whose concatenation has the lowest rank (the leftmost on ties) until no pair is a token.
struct BytePairEncoder {
    /// Scratch: part start offsets and the rank of merging each part with its successor.
    var starts: UnsafeMutablePointer<Int32>
    var ranks: UnsafeMutablePointer<UInt32>
    var capacity: Int

    init() {
        capacity = 256
        starts = .allocate(capacity: capacity)
        ranks = .allocate(capacity: capacity)
    }

    func release() {
        starts.deallocate()
        ranks.deallocate()
    }

    mutating func reserve(_ n: Int) {
        guard n > capacity else { return }
        starts.deallocate()
        ranks.deallocate()
        while capacity < n { capacity *= 2 }
        starts = .allocate(capacity: capacity)
        ranks = .allocate(capacity: capacity)
    }

    /// Emits the token ids of `piece` (which is not itself a token) in order.
    /// - Complexity: O(n²) in the piece length in the worst case, as in tiktoken; pieces average 5 bytes.
    @inline(__always)
    mutating func merge(_ piece: UnsafePointer<UInt8>, _ length: Int, _ vocab: Vocabulary,
                        _ emit: (UInt32) -> Void) {
        if length == 1 {
            emit(vocab.byteRanks[Int(piece[0])])
            return
        }
        reserve(length + 1)
        let count = BytePairEncoder.mergeParts(piece, length, vocab, starts, ranks)
        for k in 0..<count - 1 {
            let s = Int(starts[k])
            emit(vocab.rank(piece + s, Int(starts[k + 1]) - s))
        }
    }

    /// The number of tokens `piece` (at least 2 bytes, not itself a token) merges into, without looking the
    /// final tokens up. Merges as ``mergeParts(_:_:_:_:_:)`` does, but follows each part's token, so that whether
    /// two parts merge is asked of `memo` by the pair of tokens.
    static func countParts(_ piece: UnsafePointer<UInt8>, _ length: Int, _ vocab: Vocabulary,
                           _ memo: inout PieceMemo) -> Int {
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: length + 1) { startsBuffer in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 2 * length) { scratch in
                let starts = startsBuffer.baseAddress!
                let ranks = scratch.baseAddress!
                let tokens = ranks + length
                // Part k is bytes starts[k] ..< starts[k + 1], token tokens[k]; ranks[k] is the rank of merging
                // parts k and k + 1 (UInt32.max when they do not merge, or for the last part).
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
                    return memo.pairRank(tokens[k], tokens[k + 1], piece + s, Int(starts[k + 2]) - s, vocab)
                }
                while count > 1 {
                    let (best, at) = BytePairEncoder.lowest(ranks, count - 1)
                    if at < 0 { break }
                    // Parts at and at + 1 become one part: the token of rank `best`.
                    tokens[at] = best
                    let move = count - (at + 2)
                    if move > 0 {
                        (tokens + at + 1).update(from: tokens + at + 2, count: move)
                        (ranks + at + 1).update(from: ranks + at + 2, count: move)
                    }
                    (starts + at + 1).update(from: starts + at + 2, count: move + 1)
                    count -= 1
                    ranks[at] = rank(at)
                    if at > 0 { ranks[at - 1] = rank(at - 1) }
                }
                return count
            }
        }
    }

    /// The lowest of `ranks[0 ..< n]` and its index, the leftmost on ties (tiktoken's choice), or index -1 when
    /// every rank is `UInt32.max` (no pair merges).
    @inline(__always)
    static func lowest(_ ranks: UnsafeMutablePointer<UInt32>, _ n: Int) -> (rank: UInt32, at: Int) {
        var best = UInt32.max
        var at = -1
        for k in 0..<n where ranks[k] < best {
            best = ranks[k]
            at = k
        }
        return (best, at)
    }

    /// Merges `piece` (at least 2 bytes) in the scratch arrays; on return `starts[0 ..< count]` are the part
    /// boundaries (the last one is `length`), where `count` is returned.
    @inline(__always)
    static func mergeParts(_ piece: UnsafePointer<UInt8>, _ length: Int, _ vocab: Vocabulary,
                           _ starts: UnsafeMutablePointer<Int32>, _ ranks: UnsafeMutablePointer<UInt32>) -> Int {
        // parts[k] = (start, rank of bytes[start_k ..< start_{k+2}]); the last two have no pair.
        var count = length + 1
        for k in 0..<length - 1 {
            starts[k] = Int32(k)
            ranks[k] = vocab.rank(piece + k, 2)
        }
        starts[length - 1] = Int32(length - 1)
        ranks[length - 1] = UInt32.max
        starts[length] = Int32(length)
        ranks[length] = UInt32.max

        @inline(__always) func pairRank(_ k: Int) -> UInt32 {
            guard k + 3 < count else { return UInt32.max }
            let s = Int(starts[k])
            return vocab.rank(piece + s, Int(starts[k + 3]) - s)
        }

        while count > 2 {
            let at = BytePairEncoder.lowest(ranks, count - 1).at
            if at < 0 { break }
            if at > 0 { ranks[at - 1] = pairRank(at - 1) }
            ranks[at] = pairRank(at)
            // Remove part at+1.
            let move = count - (at + 2)
            if move > 0 {
                (starts + at + 1).update(from: starts + at + 2, count: move)
                (ranks + at + 1).update(from: ranks + at + 2, count: move)
            }
            count -= 1
        }
        return count
    }
}
