#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a ``ByteSource`` on a background thread, so that gzip decompression overlaps with the consumer's parsing.
///
/// The producer fills a small ring of fixed-size blocks; the consumer copies out of the oldest filled block.
/// Memory is bounded by `blockCount × blockSize`. Errors from the producer are delivered to the consumer in
/// order, after the bytes that preceded them.
package final class PipelinedSource: @unchecked Sendable {
    // All mutable state below is guarded by `condition`, except `current*`, which only the consumer touches.
    let source: ByteSource
    let blockSize: Int
    var blocks: [UnsafeMutablePointer<UInt8>]
    var lengths: [Int]
    var filled = 0          // number of filled blocks waiting for the consumer
    var head = 0            // index of the oldest filled block
    var producerDone = false
    var producerError: JSONLinesError?
    var cancelled = false
    let condition = Condition()
    var thread: JoinableThread?

    // Consumer-side cursor into the block at `head`.
    var currentOffset = 0

    package init(source: ByteSource, blockSize: Int = 1 << 20, blockCount: Int = 4) {
        self.source = source
        self.blockSize = blockSize
        self.blocks = (0..<blockCount).map { _ in UnsafeMutablePointer<UInt8>.allocate(capacity: blockSize) }
        self.lengths = [Int](repeating: 0, count: blockCount)
    }

    /// Starts the producer thread. Returns false if no thread could be started (the caller then reads directly).
    package func start() -> Bool {
        guard let started = JoinableThread.start({ [self] in produce() }) else { return false }
        thread = started
        return true
    }

    /// Stops the producer and waits for it. Must be called before the source is released.
    package func stop() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
        thread?.join()
        thread = nil
    }

    deinit {
        for b in blocks { b.deallocate() }
    }

    func produce() {
        var tail = 0
        while true {
            condition.lock()
            while filled == blocks.count && !cancelled { condition.wait() }
            if cancelled {
                condition.unlock()
                return
            }
            condition.unlock()
            // Fill the block at `tail` outside the lock; the consumer never touches unfilled blocks.
            var length = 0
            var failure: JSONLinesError?
            var atEnd = false
            do {
                while length < blockSize {
                    let n = try source.read(into: blocks[tail] + length, count: blockSize - length)
                    if n == 0 {
                        atEnd = true
                        break
                    }
                    length += n
                }
            } catch {
                failure = error
            }
            condition.lock()
            if length > 0 {
                lengths[tail] = length
                filled += 1
                tail = (tail + 1) % blocks.count
            }
            if atEnd || failure != nil {
                producerDone = true
                producerError = failure
            }
            condition.broadcast()
            condition.unlock()
            if atEnd || failure != nil { return }
        }
    }

    /// Copies up to `count` decompressed bytes into `buffer`; 0 means end of data.
    package func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws(JSONLinesError) -> Int {
        condition.lock()
        while filled == 0 && !producerDone { condition.wait() }
        if filled == 0 {
            let failure = producerError
            producerError = nil
            condition.unlock()
            if let failure { throw failure }
            return 0
        }
        let block = blocks[head]
        let length = lengths[head]
        condition.unlock()

        let n = min(count, length - currentOffset)
        buffer.update(from: block + currentOffset, count: n)
        currentOffset += n
        if currentOffset == length {
            currentOffset = 0
            condition.lock()
            head = (head + 1) % blocks.count
            filled -= 1
            condition.broadcast()
            condition.unlock()
        }
        return n
    }
}
