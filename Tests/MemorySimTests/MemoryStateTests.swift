import JSONLines
import Testing
@testable import MemorySim

@Suite struct MemoryStateTests {
    @Test func roundTripsMemAlphaAgentStateShape() throws {
        let text = #"{"core":"User likes tea.","semantic":[{"3f9a":"Paris is in France."},{"0b1c":"x"}],"episodic":[]}"#
        let state = try MemoryState(json: try JSONParser.parse(text))
        #expect(state.core == "User likes tea.")
        #expect(state.semantic.map(\.id) == ["3f9a", "0b1c"])
        #expect(state.episodic.isEmpty)
        #expect(state.json.jsonString == #"{"core":"User likes tea.","episodic":[],"semantic":[{"3f9a":"Paris is in France."},{"0b1c":"x"}]}"#)
        #expect(try MemoryState(json: state.json) == state)
    }

    @Test(arguments: [
        #"[]"#, #"{"core":1}"#, #"{"semantic":{}}"#, #"{"semantic":[{"a":"x","b":"y"}]}"#, #"{"episodic":[{"a":2}]}"#,
    ])
    func rejectsOtherShapes(_ text: String) throws {
        let value = try JSONParser.parse(text)
        #expect(throws: MemorySimError.self) { try MemoryState(json: value) }
    }

    @Test func parsesToolSpellingsOfMemoryTypes() {
        #expect(MemoryType(toolArgument: "semantic_memory") == .semantic)
        #expect(MemoryType(toolArgument: "episodic") == .episodic)
        #expect(MemoryType(toolArgument: "core_memory") == .core)
        #expect(MemoryType(toolArgument: "foo_memory") == nil)
        #expect(MemoryType.semantic.toolName == "semantic_memory")
    }
}
