import Foundation
import JSONLines
import Testing
@testable import MemorySim

/// Every edge case of Mem-α's tools, against results produced by running Mem-α's own memory.py
/// (fixture from scripts/make_memalpha_semantics_fixture.py).
@Suite struct SemanticsParityTests {
    static func scenarios() throws -> [JSONValue] {
        guard let url = Bundle.module.url(forResource: "semantics", withExtension: "json", subdirectory: "Fixtures")
        else { throw CocoaError(.fileNoSuchFile) }
        return try JSONParser.parse(Array(try Data(contentsOf: url)))["scenarios"]?.arrayValue ?? []
    }

    static func kind(_ result: ToolResult) -> String {
        switch result.status {
        case .ok: return "ok"
        case .skipped: return "skipped"
        case .error: return result.errorKind?.rawValue ?? "?"
        }
    }

    static func items(_ value: JSONValue?) -> [MemoryState.Item] {
        (value?.arrayValue ?? []).map { pair in
            let p = pair.arrayValue ?? []
            return MemoryState.Item(id: p.first?.stringValue ?? "", content: p.last?.stringValue ?? "")
        }
    }

    @Test func toolsBehaveAsMemAlphaDoes() throws {
        let scenarios = try Self.scenarios()
        #expect(scenarios.count >= 9)
        var checkedTexts = 0
        for scenario in scenarios {
            let name = scenario["name"]?.stringValue ?? "?"
            let disabled = Set((scenario["disabled"]?.arrayValue ?? []).compactMap { $0.stringValue.flatMap(MemoryType.init(rawValue:)) })
            var memory = try Memory(configuration: Memory.Configuration(disabled: disabled))
            for (i, step) in (scenario["steps"]?.arrayValue ?? []).enumerated() {
                let arguments: ToolCall.Arguments
                if let text = step["arguments"]?.stringValue { arguments = .text(text) } else {
                    arguments = .json(step["arguments"] ?? .null)
                }
                let call = ToolCall(name: step["tool"]?.stringValue ?? "", arguments: arguments,
                                    assignedId: step["assigned_id"]?.stringValue)
                let result = memory.execute(call)
                let label = "\(name) step \(i) \(call.name)"
                #expect(Self.kind(result) == step["kind"]?.stringValue, "\(label): \(result.text)")
                if step["text_is_interface"]?.boolValue == true {
                    #expect(result.text == step["text"]?.stringValue, "\(label)")
                    checkedTexts += 1
                }
                let state = step["state"] ?? .null
                #expect(memory.core == state["core"]?.stringValue, "\(label): core")
                #expect(memory.items(.semantic) == Self.items(state["semantic"]), "\(label): semantic")
                #expect(memory.items(.episodic) == Self.items(state["episodic"]), "\(label): episodic")
                #expect(memory.totalTokens == Int(step["total_length"]?.intValue ?? -1), "\(label): total_length")
            }
        }
        #expect(checkedTexts > 50)
    }
}
