import FuzzDriver
import JSONLines
import MemorySim
import Tokenizer

/// MemorySim with arbitrary calls: each input line is a call (the first byte picks the tool, the rest is the
/// raw argument text, repaired as Mem-α does). Calls never crash, and after them the memory's size equals a
/// fresh count of its state and a plain o200k count of every item (no memo), and its snapshot reloads to the
/// same state.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let names = Memory.toolNames + ["no_such_tool"]
    guard var memory = try? Memory(configuration: .init(disabled: size % 7 == 0 ? [.episodic] : [])) else {
        failure("no memory")
    }
    for line in UnsafeBufferPointer(start: data, count: size).split(separator: 0x0A).prefix(64) {
        guard let first = line.first else { continue }
        let name = names[Int(first) % names.count]
        let text = String(decoding: line.dropFirst(), as: UTF8.self)
        let result = memory.execute(ToolCall(name: name, arguments: .text(text)))
        _ = result.text
        if result.status == .error && result.message == nil { failure("an error without a message") }
    }
    let state = memory.state
    guard var fresh = try? Memory(state: state, configuration: memory.configuration) else { failure("no reload") }
    if fresh.state != state { failure("a snapshot does not reload to the same state") }
    if fresh.totalTokens != memory.totalTokens { failure("the incremental size differs from a fresh count") }
    guard let encoding = try? Encoding.named(.o200kBase) else { failure("no encoding") }
    func plain(_ text: String) -> Int { encoding.containsSpecialToken(text) ? 0 : encoding.count(text) }
    var direct = plain(state.core ?? "")
    for item in state.semantic { direct += plain(item.content) }
    if memory.isEnabled(.episodic) { for item in state.episodic { direct += plain(item.content) } }
    if direct != memory.totalTokens { failure("the memory's size differs from a plain count of its items") }
    _ = fresh.qaContext(question: String(decoding: UnsafeBufferPointer(start: data, count: min(size, 64)), as: UTF8.self),
                        topK: 3, tokenBudget: 200)
    guard let parsed = try? MemoryState(json: JSONParser.parse(state.json.jsonBytes)), parsed == state else {
        failure("the agent_state JSON does not round-trip")
    }
    return 0
}

@_cdecl("fuzz_memory_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzz)
}
