import ArgumentParser
import JSONLines
import MemorySim

#if canImport(Glibc)
import Glibc
#endif

/// `evalmem ops`: applies a stream of tool calls to a fresh memory.
struct Ops: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply a JSON Lines stream of memory tool calls to a fresh memory and print each result.",
        discussion: """
            Each input line is {"name": TOOL, "arguments": {…} or "raw JSON text", "id": OPTIONAL-ID}; "id" is the
            id to give an inserted item (as a logged run assigned it). Tools: new_memory_insert, memory_update,
            memory_delete, search_memory, with Mem-α's semantics. Output: one JSON line per call
            ({"line", "status", "text", …}), then one line with the final state, its size in o200k tokens and the
            counts. A call that fails is reported and counted, not fatal; a line that is not a call is reported as
            status "invalid_event". With --strict, any failure makes the exit status 1.
            """)

    @Argument(help: "The tool-call stream (plain or gzip JSON Lines), or '-' for standard input.")
    var file: String = "-"

    @Option(name: .customLong("disable"), help: "Turn a memory type off: core, semantic or episodic (repeatable).")
    var disabled: [String] = []

    @Option(help: "Also write the final state, in Mem-α's agent_state shape, to this file.")
    var stateOut: String?

    @Option(help: "Seed of the generator for ids that the input does not give.")
    var idSeed: UInt64 = 0

    @Flag(help: "Exit with status 1 if any call fails or any line is not a call.")
    var strict = false

    func run() throws {
        var types = Set<MemoryType>()
        for name in disabled {
            guard let type = MemoryType(rawValue: name) else {
                throw ValidationError("--disable takes core, semantic or episodic, not '\(name)'")
            }
            types.insert(type)
        }
        var memory: Memory
        do {
            memory = try Memory(configuration: Memory.Configuration(disabled: types, idSeed: idSeed))
        } catch {
            Output.error("evalmem ops: \(error)")
            throw ExitCode(1)
        }
        var counts: [String: Int] = ["ok": 0, "skipped": 0, "error": 0, "invalid_event": 0]
        do {
            let reader = try JSONLinesReader(path: file)
            while let line = try reader.next() {
                if line.bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                var record: [String: JSONValue] = ["line": .int(Int64(line.number))]
                switch Ops.parseCall(line.bytes) {
                case .failure(let problem):
                    record["status"] = "invalid_event"
                    record["message"] = .string(problem.description)
                    counts["invalid_event", default: 0] += 1
                case .success(let call):
                    let result = memory.execute(call)
                    for (k, v) in result.json.objectValue ?? [:] { record[k] = v }
                    record["tool"] = .string(call.name)
                    counts[result.status.rawValue, default: 0] += 1
                }
                Output.line(JSONValue.object(record).jsonBytes)
            }
        } catch {
            Output.error("evalmem ops: \(error)")
            throw ExitCode(3)
        }
        let summary: JSONValue = [
            "final_state": memory.state.json, "total_tokens": .int(Int64(memory.totalTokens)),
            "counts": .object(counts.mapValues { .int(Int64($0)) }),
        ]
        Output.line(summary.jsonBytes)
        if let stateOut {
            do {
                let writer = try JSONLinesWriter(path: stateOut, compression: JSONLinesWriter.Compression.none)
                try writer.write(memory.state.json)
                try writer.close()
            } catch {
                Output.error("evalmem ops: \(error)")
                throw ExitCode(4)
            }
        }
        if strict && ((counts["error"] ?? 0) > 0 || (counts["invalid_event"] ?? 0) > 0) { throw ExitCode(1) }
    }

    /// Reads one input line as a tool call, or says why it is not one.
    static func parseCall(_ bytes: [UInt8]) -> Result<ToolCall, OpsLineError> {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            return .failure(OpsLineError("not JSON: \(error.message) at column \(error.offset ?? 0)"))
        }
        guard let object = value.objectValue else { return .failure(OpsLineError("a call must be a JSON object")) }
        guard let name = object["name"]?.stringValue else {
            return .failure(OpsLineError("field 'name' (the tool name) is missing or not a string"))
        }
        let arguments: ToolCall.Arguments
        switch object["arguments"] {
        case .string(let text)?: arguments = .text(text)
        case let other?: arguments = .json(other)
        case nil: arguments = .json(.object([:]))
        }
        var id: String?
        if let raw = object["id"], !raw.isNull {
            guard let text = raw.stringValue else { return .failure(OpsLineError("field 'id' must be a string")) }
            id = text
        }
        return .success(ToolCall(name: name, arguments: arguments, assignedId: id))
    }
}

/// Why an input line is not a tool call.
struct OpsLineError: Error, CustomStringConvertible {
    let description: String
    init(_ text: String) { description = text }
}

/// Writing to standard output and standard error without Foundation.
enum Output {
    static func line(_ bytes: [UInt8]) {
        var data = bytes
        data.append(0x0A)
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(1, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { return }
                offset += n
            }
        }
    }

    static func error(_ text: String) { raw(text + "\n") }

    /// Writes `text` to standard error as it is.
    static func raw(_ text: String) {
        let data = Array(text.utf8)
        data.withUnsafeBytes { _ = write(2, $0.baseAddress, $0.count) }
    }
}
