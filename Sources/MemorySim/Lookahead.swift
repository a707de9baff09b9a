@_spi(Hot) import Tokenizer
import JSONLines
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A second thread that analyses the texts of a known run of tool calls ahead of their execution: each insert's
/// and update's content (o200k count, hash, distinct search terms) and each search's query terms. The thread owns
/// the memory's lexicon while it runs, so the term ids it hands over are the ones the memory's indexes use.
///
/// What the thread prepares depends only on a call's text, never on the memory's state, so a prepared analysis is
/// exactly what the memory would have computed itself; the memory uses it only when the text it is about to
/// analyse is the one that was prepared (see ``Memory/preparedItem(_:)``), and otherwise takes the lexicon back
/// and goes on alone. Term ids are assigned in the thread's order (it also analyses calls that will fail), which
/// changes no result: scores, ties and sizes never depend on the values of term ids.
///
/// Hand-over is a ring of ``capacity`` slots between two counters: the thread fills slot `k % capacity` and then
/// publishes `produced = k + 1` (release); the memory reads it once `produced > k` (acquire) and publishes
/// `consumed = k + 1` when the call is done, which frees the slot.
final class Lookahead: @unchecked Sendable {
    /// What the thread prepared for one call. The memory reads it without retaining anything: a retain would
    /// write to an object the other thread wrote moments before, a cache line fetched across cores.
    struct Prepared {
        enum Kind { case none, item, query }
        var kind = Kind.none
        /// The analysed text as its two machine words (see ``Lookahead/words(_:)``): a text taken from a JSON
        /// string argument is that string itself, kept alive by the calls, so equal words mean the same text.
        var words: (UInt64, UInt64) = (0, 0)
        /// A text the tool makes afresh (from arguments given as text, or Python's `str()` of a non-string
        /// value), compared by value.
        var made: String?
        /// An item's o200k count (with Mem-α's special-token rule applied; -1 when the thread left it to the
        /// memory), content hash and length in terms.
        var tokens = 0
        var hash: UInt64 = 0
        var length = 0
        /// An item's distinct terms (`count` of them, in room for `capacity`), or a query's known term ids.
        var entries: UnsafeMutablePointer<UInt64>?
        var capacity = 0
        var count = 0
        var query: [Int32] = []
    }

    /// Whether `text` is the text analysed into slot `p`, read field by field (a read of the whole slot would
    /// retain its references). A made text is compared by value only: its words named a string that may be gone,
    /// whose address another string may have taken since.
    @inline(__always)
    static func isText(_ text: String, _ p: UnsafeMutablePointer<Prepared>) -> Bool {
        if p.pointee.made != nil { return p.pointee.made == text }
        let w = Lookahead.words(text)
        return w.0 == p.pointee.words.0 && w.1 == p.pointee.words.1
    }

    /// A string's two machine words: for a large string its length, flags and storage address; for a small one
    /// its bytes.
    @inline(__always)
    static func words(_ text: String) -> (UInt64, UInt64) { unsafeBitCast(text, to: (UInt64, UInt64).self) }

    /// Calls analysed ahead of the one executing, at most.
    static let capacity = 1024
    /// Calls executed between two updates of `consumed`.
    static let releaseEvery = 16
    /// The thread leaves the counting of segments it has never seen to the memory (see
    /// ``Lexicon/countsNewSegments``) while the memory is fewer than this many calls behind it: at the start of a
    /// run nearly every word is new, its byte-pair merging makes the thread the slower side, and the memory, which
    /// would otherwise wait, counts those texts itself.
    static let countingLead = 48

    /// When the thread counts segments it has never seen: ``countingLead`` decides (the default), or always, or
    /// never (for tests).
    enum NewSegments { case whenAhead, always, never }
    /// 64 bytes of padding.
    static let line: (Int, Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0, 0)

    let calls: [ToolCall]
    let encoding: Encoding
    let specialTokenTextCountsZero: Bool
    let slots: UnsafeMutablePointer<Prepared>
    /// The hand-over counters, each on a cache line of its own: the thread writes `produced` and the memory
    /// `consumed` at every call, and a line holding both (or anything else the other side reads) would move from
    /// core to core at every write.
    let padding0 = Lookahead.line
    let produced = Atomic<Int>(0)
    let padding1 = Lookahead.line
    let consumed = Atomic<Int>(0)
    let padding2 = Lookahead.line
    let cancelled = Atomic<Bool>(false)
    let padding3 = Lookahead.line
    /// The memory's lexicon: the thread's alone from ``start()`` until ``stop()`` returns it.
    var lexicon: Lexicon
    var thread: JoinableThread?
    let newSegments: NewSegments

    init(calls: [ToolCall], lexicon: Lexicon, encoding: Encoding, specialTokenTextCountsZero: Bool,
         newSegments: NewSegments = .whenAhead) {
        self.newSegments = newSegments
        self.calls = calls
        self.lexicon = lexicon
        self.encoding = encoding
        self.specialTokenTextCountsZero = specialTokenTextCountsZero
        slots = .allocate(capacity: Lookahead.capacity)
        slots.initialize(repeating: Prepared(), count: Lookahead.capacity)
    }

    deinit {
        precondition(thread == nil, "a Lookahead released while its thread runs")
        for k in 0..<Lookahead.capacity { slots[k].entries?.deallocate() }
        slots.deinitialize(count: Lookahead.capacity)
        slots.deallocate()
    }

    /// Starts the thread; false if none could be started (the lexicon then stays here for ``stop()``).
    func start() -> Bool {
        thread = JoinableThread.start({ [self] in run() })
        return thread != nil
    }

    /// Stops the thread (it finishes the call it is analysing) and returns the lexicon, counting new segments
    /// again.
    func stop() -> Lexicon {
        if let thread {
            cancelled.store(true, ordering: .relaxed)
            thread.join()
            self.thread = nil
        }
        lexicon.countsNewSegments = true
        return lexicon
    }

    /// The prepared analysis of call `k`, waiting for the thread if it has not got there yet. `ready` is the
    /// caller's copy of `produced` (calls below it are ready), read again only when `k` reaches it.
    @inline(__always)
    func prepared(_ k: Int, ready: inout Int) -> UnsafeMutablePointer<Prepared> {
        if k >= ready {
            ready = produced.load(ordering: .acquiring)
            var spins = 0
            while ready <= k {
                Lookahead.pause(&spins)
                ready = produced.load(ordering: .acquiring)
            }
        }
        return slots + (k & (Lookahead.capacity - 1))
    }

    /// Marks call `k` as executed, freeing its slot (published every ``releaseEvery`` calls).
    @inline(__always)
    func release(_ k: Int) {
        if (k + 1) % Lookahead.releaseEvery == 0 { consumed.store(k + 1, ordering: .releasing) }
    }

    /// Spins a little, then lets another thread run.
    @inline(__always)
    static func pause(_ spins: inout Int) {
        spins += 1
        if spins >= 64 {
            spins = 0
            sched_yield()
        }
    }

    func run() {
        var free = Lookahead.capacity
        for k in calls.indices {
            if k >= free {
                var spins = 0
                // The ring is full: the memory is a whole ring behind, milliseconds of work, so the thread sleeps
                // rather than spin (a spinning thread took a little from the memory's, measured).
                while true {
                    free = consumed.load(ordering: .acquiring) + Lookahead.capacity
                    if k < free { break }
                    if cancelled.load(ordering: .relaxed) { return }
                    spins += 1
                    if spins > 16 { usleep(20) }
                }
            }
            if cancelled.load(ordering: .relaxed) { return }
            switch newSegments {
            case .whenAhead:
                if k % Lookahead.releaseEvery == 0 {
                    lexicon.countsNewSegments =
                        k - consumed.load(ordering: .relaxed) >= Lookahead.countingLead
                }
            case .always: lexicon.countsNewSegments = true
            case .never: lexicon.countsNewSegments = false
            }
            prepare(calls[k], into: &slots[k & (Lookahead.capacity - 1)])
            produced.store(k + 1, ordering: .releasing)
        }
    }

    /// Analyses what executing `call` will analyse: the content of an insert or a list update, the query of a
    /// search (texts taken from the arguments exactly as the tools take them).
    func prepare(_ call: ToolCall, into slot: inout Prepared) {
        slot.kind = .none
        slot.made = nil
        guard case .object(let arguments)? = try? Memory.parseArguments(call.arguments) else { return }
        var parsedFromText = false
        if case .text = call.arguments { parsedFromText = true }
        switch call.name {
        case "new_memory_insert", "memory_update":
            if call.name == "memory_update", case .string("core_memory")? = Memory.argument(arguments, "memory_type") {
                return
            }
            let key = call.name == "new_memory_insert" ? "content" : "new_content"
            guard let value = Memory.argument(arguments, key) else { return }
            var made = false
            let text: String
            if case .string(let string) = value {
                text = string
            } else {
                text = PythonValue(json: value).str
                made = true
            }
            analyzeItem(text, into: &slot)
            // Arguments parsed from text, or a text made from a non-string value, are made afresh by the tool
            // too: compared by value.
            if made || parsedFromText { slot.made = text }
        case "search_memory":
            guard case .string(let query)? = Memory.argument(arguments, "query") else { return }
            slot.query = lexicon.queryTerms(query)
            slot.words = Lookahead.words(query)
            if parsedFromText { slot.made = query }
            slot.kind = .query
        default:
            return
        }
    }

    func analyzeItem(_ text: String, into slot: inout Prepared) {
        let bound = Lexicon.termBound(text.utf8.count)
        if slot.capacity < bound {
            slot.entries?.deallocate()
            slot.capacity = max(bound, 256)
            slot.entries = .allocate(capacity: slot.capacity)
        }
        guard let entries = slot.entries else { return }
        (slot.tokens, slot.hash, slot.length, slot.count) = lexicon.analyzeItem(
            text, encoding: encoding, specialTokenTextCountsZero: specialTokenTextCountsZero, entries: entries)
        slot.words = Lookahead.words(text)
        slot.kind = .item
    }
}
