import JSONLines

/// One line of a transcript in schema `memkit.transcript/1` (see `docs/transcript-format.md`): what a memory
/// agent did with a dataset, replayable through MemorySim.
public enum TranscriptEvent: Sendable, Equatable {
    /// The first line: the agent and the dataset the transcript belongs to.
    case header(TranscriptHeader)
    /// An instance starts; optional memory types switched off for it.
    case instance(id: String, disabled: [String])
    /// The agent reads chunk `index` of the instance.
    case chunk(instance: String, index: Int)
    /// A tool call made while reading the current chunk.
    case toolCall(TranscriptToolCall)
    /// Raw model output for the current chunk; tool calls are extracted from its `✿FUNCTION✿` blocks.
    case modelOutput(instance: String, chunk: Int, text: String)
    /// The agent's (or its reader's) answer to a question.
    case answer(instance: String, question: String, response: String)
}

/// The transcript header.
public struct TranscriptHeader: Sendable, Equatable {
    /// The schema tag.
    public static let schema = "memkit.transcript/1"
    /// The agent's name.
    public var agent: String
    /// The dataset path, as recorded.
    public var datasetPath: String?
    /// The dataset's SHA-256 (of the stored file), when recorded.
    public var datasetSHA256: String?
    /// How the reader of this agent's memory retrieves, when it differs from the default (BM25 top 20 per list
    /// within 30,000 tokens). Baselines such as `bm25-rag` and `long-context` set it.
    public var reader: ReaderSettings?

    /// Creates a header.
    public init(agent: String, datasetPath: String?, datasetSHA256: String?, reader: ReaderSettings? = nil) {
        self.agent = agent
        self.datasetPath = datasetPath
        self.datasetSHA256 = datasetSHA256
        self.reader = reader
    }
}

/// How a reader assembles its context from a memory: the BM25 top-k per list, lowered until the context fits a
/// token budget.
public struct ReaderSettings: Sendable, Equatable {
    /// Mem-α's QA server: top 20 per list.
    public static let defaultTopK = 20
    /// Mem-α's QA server: at most 30,000 tokens.
    public static let defaultTokenBudget = 30_000

    /// Items per list before lowering.
    public var topK: Int
    /// The largest context in o200k tokens.
    public var tokenBudget: Int

    /// Creates settings; both numbers must be at least 1.
    public init(topK: Int = ReaderSettings.defaultTopK, tokenBudget: Int = ReaderSettings.defaultTokenBudget) {
        precondition(topK >= 1 && tokenBudget >= 1, "reader top_k and token_budget must be at least 1")
        self.topK = topK
        self.tokenBudget = tokenBudget
    }
}

/// A tool call as logged.
public struct TranscriptToolCall: Sendable, Equatable {
    /// The instance id.
    public var instance: String
    /// The chunk being read.
    public var chunk: Int
    /// The tool name.
    public var name: String
    /// The arguments: a JSON object, or the raw text the model wrote.
    public var arguments: JSONValue
    /// The result line the agent saw, when logged.
    public var result: String?
    /// The id the run gave an inserted item, when logged (replay forces it).
    public var memoryId: String?

    /// Creates a call.
    public init(instance: String, chunk: Int, name: String, arguments: JSONValue, result: String? = nil,
                memoryId: String? = nil) {
        self.instance = instance
        self.chunk = chunk
        self.name = name
        self.arguments = arguments
        self.result = result
        self.memoryId = memoryId
    }
}

extension TranscriptEvent {
    /// Decodes one transcript line; errors name the field (the caller adds the path and line).
    public init(json value: JSONValue) throws(DatasetFormatError) {
        let r = try FieldReader(value, path: "", instance: value["instance"]?.stringValue)
        let type = try r.string("type")
        switch type {
        case "header":
            let schema = try r.string("schema")
            guard schema == TranscriptHeader.schema else {
                throw DatasetFormatError(.unsupportedSchema,
                    "schema '\(schema)' is not supported; this version reads '\(TranscriptHeader.schema)'", field: "schema")
            }
            var path: String?
            var sha: String?
            if let d = r.object["dataset"], !d.isNull {
                let dr = try FieldReader(d, path: "dataset", instance: nil)
                path = try dr.optionalString("path")
                sha = try dr.optionalString("sha256")
            }
            var reader: ReaderSettings?
            if let raw = r.object["reader"], !raw.isNull {
                let rr = try FieldReader(raw, path: "reader", instance: nil)
                reader = ReaderSettings(
                    topK: try rr.optionalInt("top_k", min: 1) ?? ReaderSettings.defaultTopK,
                    tokenBudget: try rr.optionalInt("token_budget", min: 1) ?? ReaderSettings.defaultTokenBudget)
            }
            self = .header(TranscriptHeader(agent: try r.string("agent"), datasetPath: path, datasetSHA256: sha,
                                            reader: reader))
        case "instance":
            let disabled = r.object["disabled"] == nil ? [] : try r.stringArray("disabled")
            self = .instance(id: try r.string("instance"), disabled: disabled)
        case "chunk":
            self = .chunk(instance: try r.string("instance"), index: try r.int("index", min: 0))
        case "tool_call":
            let arguments = try r.value("arguments")
            guard arguments.objectValue != nil || arguments.stringValue != nil else {
                throw r.wrongType("arguments", expected: "an object or a string", found: arguments)
            }
            self = .toolCall(TranscriptToolCall(
                instance: try r.string("instance"), chunk: try r.int("chunk", min: 0), name: try r.string("name"),
                arguments: arguments, result: try r.optionalString("result"), memoryId: try r.optionalString("memory_id")))
        case "model_output":
            self = .modelOutput(instance: try r.string("instance"), chunk: try r.int("chunk", min: 0),
                                text: try r.string("text"))
        case "answer":
            self = .answer(instance: try r.string("instance"), question: try r.string("question"),
                           response: try r.string("response"))
        default:
            throw r.invalid("type", "'\(type)' is not one of header, instance, chunk, tool_call, model_output, answer")
        }
    }

    /// The JSON line of this event.
    public var json: JSONValue {
        switch self {
        case .header(let h):
            var dataset: [String: JSONValue] = [:]
            if let p = h.datasetPath { dataset["path"] = .string(p) }
            if let s = h.datasetSHA256 { dataset["sha256"] = .string(s) }
            var o: [String: JSONValue] = [
                "type": "header", "schema": .string(TranscriptHeader.schema), "agent": .string(h.agent),
                "dataset": .object(dataset),
            ]
            if let reader = h.reader {
                o["reader"] = ["top_k": .int(Int64(reader.topK)), "token_budget": .int(Int64(reader.tokenBudget))]
            }
            return .object(o)
        case .instance(let id, let disabled):
            return ["type": "instance", "instance": .string(id), "disabled": .array(disabled.map { .string($0) })]
        case .chunk(let instance, let index):
            return ["type": "chunk", "instance": .string(instance), "index": .int(Int64(index))]
        case .toolCall(let c):
            var o: [String: JSONValue] = [
                "type": "tool_call", "instance": .string(c.instance), "chunk": .int(Int64(c.chunk)),
                "name": .string(c.name), "arguments": c.arguments,
            ]
            if let result = c.result { o["result"] = .string(result) }
            if let id = c.memoryId { o["memory_id"] = .string(id) }
            return .object(o)
        case .modelOutput(let instance, let chunk, let text):
            return ["type": "model_output", "instance": .string(instance), "chunk": .int(Int64(chunk)), "text": .string(text)]
        case .answer(let instance, let question, let response):
            return ["type": "answer", "instance": .string(instance), "question": .string(question),
                    "response": .string(response)]
        }
    }
}
