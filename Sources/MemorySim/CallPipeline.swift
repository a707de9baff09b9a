import JSONLines
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a known sequence of tool calls through a memory, one call at a time and in order, while a second thread
/// analyses the texts of the calls ahead (token counts, content hashes, search terms).
///
/// Every result, and the memory after every call, is exactly what ``Memory/execute(_:)`` gives call by call; only
/// the time differs (the analysis is about a third of a replay's work). Use it where the whole run is known in
/// advance, as in replaying a transcript:
///
/// ```swift
/// var pipeline = CallPipeline(memory: try Memory(), calls: calls)
/// for call in calls { _ = pipeline.execute(call) }
/// let memory = pipeline.finish()
/// ```
///
/// The memory is held inside until ``finish()`` (read it between calls through the properties below), so that no
/// copy of it can be changed while the thread owns part of it.
public struct CallPipeline: ~Copyable {
    var memory: Memory
    let calls: [ToolCall]
    /// How many calls have been executed.
    public private(set) var executed = 0

    /// Runs shorter than this are executed without a second thread (starting one would cost more than it saves).
    public static let minimumCalls = 64

    /// Takes `memory` and prepares to execute `calls`. With `lookahead` false, or with fewer than
    /// ``minimumCalls`` calls, or on a machine with one processor, no thread is started and calls run as
    /// ``Memory/execute(_:)`` would run them.
    public init(memory: consuming Memory, calls: [ToolCall], lookahead: Bool = true) {
        self.init(memory: memory, calls: calls, lookahead: lookahead, newSegments: .whenAhead)
    }

    /// As ``init(memory:calls:lookahead:)``, choosing when the thread counts segments it has never seen (tests
    /// force either side).
    init(memory: consuming Memory, calls: [ToolCall], lookahead: Bool, newSegments: Lookahead.NewSegments) {
        self.memory = memory
        self.calls = calls
        guard lookahead, calls.count >= CallPipeline.minimumCalls, CallPipeline.processors >= 2 else { return }
        let ahead = Lookahead(calls: calls, lexicon: self.memory.lexicon, encoding: self.memory.encoding,
                              specialTokenTextCountsZero: self.memory.configuration.specialTokenTextCountsZero,
                              newSegments: newSegments)
        // The thread's lexicon must be its only copy, or its first write would copy every table.
        self.memory.lexicon = Lexicon.placeholder
        if ahead.start() {
            self.memory.ahead = ahead
        } else {
            self.memory.lexicon = ahead.stop()
        }
    }

    deinit {
        if let ahead = memory.ahead { _ = ahead.stop() }
    }

    /// Whether a second thread is analysing calls ahead (false once a call out of the planned order was executed).
    public var isLookingAhead: Bool { memory.ahead != nil }

    /// Executes `call`, which should be the next of the calls given at creation: then its texts were analysed
    /// ahead. Any other call is executed correctly too, but ends the look-ahead for the rest of the run.
    /// - Complexity: as ``Memory/execute(_:)``, less the analysis of the call's texts.
    public mutating func execute(_ call: ToolCall) -> ToolResult {
        if memory.ahead != nil && executed >= calls.count { memory.endLookahead() }
        memory.aheadCall = executed
        let result = memory.execute(call)
        memory.ahead?.release(executed)
        executed += 1
        return result
    }

    /// Ends the run and returns the memory.
    public consuming func finish() -> Memory {
        memory.endLookahead()
        return memory
    }

    /// Mem-α's `total_length()` of the memory now (see ``Memory/totalTokens``).
    public var totalTokens: Int { memory.totalTokens }
    /// The core paragraph now, or `nil` when core is disabled.
    public var core: String? { memory.core }
    /// A snapshot of the memory now.
    public var state: MemoryState { memory.state }
    /// The items of a list type now, in order.
    public func items(_ type: MemoryType) -> [MemoryState.Item] { memory.items(type) }
    /// See ``Memory/item(_:slot:)``.
    package func item(_ type: MemoryType, slot: Int) -> MemoryState.Item? { memory.item(type, slot: slot) }
    /// See ``Memory/slot(of:in:)``.
    package func slot(of id: String, in type: MemoryType) -> Int? { memory.slot(of: id, in: type) }
    /// See ``Memory/slotCount(_:)``.
    package func slotCount(_ type: MemoryType) -> Int { memory.slotCount(type) }

    /// The processors online.
    public static var processors: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}

extension Memory {
    /// The prepared analysis of the item content `content` of the current call, copied to the scratch as
    /// ``analyzeItem(_:)`` leaves it; `nil` when no thread looks ahead. A text other than the prepared one ends
    /// the look-ahead (the memory takes its lexicon back) and also gives `nil`.
    mutating func preparedItem(_ content: String) -> (tokens: Int, hash: UInt64, length: Int)? {
        guard let ahead else { return nil }
        let p = ahead.prepared(aheadCall, ready: &aheadReady)
        guard p.pointee.kind == .item, Lookahead.isText(content, p), let from = p.pointee.entries else {
            endLookahead()
            return nil
        }
        let count = p.pointee.count
        entryScratch.growScratch(to: count)
        entryScratch.withUnsafeMutableBufferPointer { to in to.baseAddress!.update(from: from, count: count) }
        entryCount = count
        let (tokens, hash, length) = (p.pointee.tokens, p.pointee.hash, p.pointee.length)
        // The thread left the count to the memory (it was behind): the same count, through the memory's own memo.
        return (tokens >= 0 ? tokens : countTokens(content), hash, length)
    }

    /// The prepared term ids of the current call's query, as ``Lexicon/queryTerms(_:)`` gives them; `nil` as for
    /// ``preparedItem(_:)``.
    mutating func preparedQuery(_ query: String) -> [Int32]? {
        guard let ahead else { return nil }
        let p = ahead.prepared(aheadCall, ready: &aheadReady)
        guard p.pointee.kind == .query, Lookahead.isText(query, p) else {
            endLookahead()
            return nil
        }
        return p.pointee.query
    }

    /// Stops the look-ahead thread, if any, and takes the lexicon back.
    mutating func endLookahead() {
        guard let ahead else { return }
        lexicon = ahead.stop()
        self.ahead = nil
    }
}
