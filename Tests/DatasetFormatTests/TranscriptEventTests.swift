import JSONLines
import Testing
@testable import DatasetFormat

@Suite struct TranscriptEventTests {
    static let events: [TranscriptEvent] = [
        .header(TranscriptHeader(agent: "a", datasetPath: "d.jsonl.gz", datasetSHA256: "ab",
                                 reader: ReaderSettings(topK: 2, tokenBudget: 100))),
        .header(TranscriptHeader(agent: "b", datasetPath: nil, datasetSHA256: nil)),
        .instance(id: "i", disabled: ["core"]),
        .chunk(instance: "i", index: 3),
        .toolCall(TranscriptToolCall(instance: "i", chunk: 3, name: "new_memory_insert",
                                     arguments: ["memory_type": "semantic_memory", "content": "x/y"],
                                     result: "[tool new_memory_insert executed successfully] → {}", memoryId: "3f9a")),
        .toolCall(TranscriptToolCall(instance: "i", chunk: 0, name: "memory_delete", arguments: "{'broken': ")),
        .modelOutput(instance: "i", chunk: 1, text: "✿FUNCTION✿: x"),
        .answer(instance: "i", question: "q0", response: "Kesh"),
    ]

    @Test(arguments: 0..<events.count)
    func roundTrips(_ n: Int) throws {
        let event = Self.events[n]
        let line = event.json.jsonString
        #expect(!line.contains("\\/"))
        #expect(try TranscriptEvent(json: try JSONParser.parse(line)) == event)
    }

    @Test(arguments: [
        (#"{"type":"chunk","instance":"i"}"#, "index"),
        (#"{"type":"chunk","instance":"i","index":-1}"#, "index"),
        (#"{"type":"tool_call","instance":"i","chunk":0,"name":"x","arguments":5}"#, "arguments"),
        (#"{"type":"answer","instance":"i","question":"q"}"#, "response"),
        (#"{"type":"header","schema":"memkit.transcript/9","agent":"a"}"#, "schema"),
        (#"{"type":"header","schema":"memkit.transcript/1","agent":"a","reader":{"top_k":0}}"#, "reader.top_k"),
        (#"{"type":"launch","instance":"i"}"#, "type"),
    ])
    func errorsNameTheField(_ line: String, _ field: String) throws {
        let value = try JSONParser.parse(line)
        do {
            _ = try TranscriptEvent(json: value)
            Issue.record("accepted \(line)")
        } catch {
            #expect(error.field == field, "\(error)")
        }
    }
}
