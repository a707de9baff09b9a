import DatasetFormat
import JSONLines
import MemorySim

/// A transcript read into memory and grouped by instance, ready to replay.
public struct Transcript: Sendable {
    /// One thing the agent did, in file order.
    public enum Action: Sendable, Equatable {
        /// The agent read chunk `index`.
        case read(chunk: Int)
        /// A tool call made while reading `chunk`; `logged` is the result line the run recorded, if any.
        case call(chunk: Int, ToolCall, logged: String?, line: Int)
        /// The answer to question `question`.
        case answer(question: String, response: String, line: Int)
    }

    /// Everything one instance's agent did.
    public struct Script: Sendable, Equatable {
        /// The instance id.
        public var instance: String
        /// Memory types switched off for the run.
        public var disabled: Set<MemoryType> = []
        /// The actions in file order.
        public var actions: [Action] = []
        /// Problems found while reading (an unknown memory type to disable), counted by the replay.
        public var readProblems: [String] = []

        /// Creates an empty script.
        public init(instance: String) { self.instance = instance }
    }

    /// The header.
    public var header: TranscriptHeader
    /// The scripts in order of first appearance.
    public var scripts: [Script]

    /// Creates a transcript.
    public init(header: TranscriptHeader, scripts: [Script]) {
        self.header = header
        self.scripts = scripts
    }

    /// Reads a transcript file (`-` for standard input). The first line must be the header; raw model output is
    /// turned into calls with Mem-α's `✿FUNCTION✿` parser.
    public static func read(path: String) throws(EvaluationError) -> Transcript {
        var reader: TranscriptReader
        do {
            reader = try TranscriptReader(path: path)
        } catch {
            throw EvaluationError(error)
        }
        var header: TranscriptHeader?
        var scripts: [Script] = []
        var position: [String: Int] = [:]
        func script(_ id: String) -> Int {
            if let p = position[id] { return p }
            scripts.append(Script(instance: id))
            position[id] = scripts.count - 1
            return scripts.count - 1
        }
        do {
            while let (event, line) = try reader.next() {
                if header == nil {
                    guard case .header(let h) = event else {
                        throw EvaluationError(.invalid, "the first line must be the header (type \"header\")",
                                              path: path, line: line)
                    }
                    header = h
                    continue
                }
                switch event {
                case .header:
                    throw EvaluationError(.invalid, "a second header; a transcript has exactly one", path: path,
                                          line: line)
                case .instance(let id, let disabled):
                    let s = script(id)
                    for name in disabled {
                        if let type = MemoryType(rawValue: name) {
                            scripts[s].disabled.insert(type)
                        } else {
                            scripts[s].readProblems.append("line \(line): unknown memory type '\(name)' to disable")
                        }
                    }
                case .chunk(let id, let index):
                    scripts[script(id)].actions.append(.read(chunk: index))
                case .toolCall(let c):
                    let call = ToolCall(name: c.name,
                                        arguments: c.arguments.stringValue.map { .text($0) } ?? .json(c.arguments),
                                        assignedId: c.memoryId ?? c.result.flatMap(Transcript.insertedId))
                    scripts[script(c.instance)].actions.append(.call(chunk: c.chunk, call, logged: c.result, line: line))
                case .modelOutput(let id, let chunk, let text):
                    let s = script(id)
                    for raw in FunctionCallParser.parse(text).calls {
                        scripts[s].actions.append(
                            .call(chunk: chunk, ToolCall(name: raw.name, arguments: .text(raw.arguments)), logged: nil,
                                  line: line))
                    }
                case .answer(let id, let question, let response):
                    scripts[script(id)].actions.append(.answer(question: question, response: response, line: line))
                }
            }
        } catch let error as EvaluationError {
            throw error
        } catch let error as DatasetFormatError {
            throw EvaluationError(error)
        } catch {
            throw EvaluationError(.unreadable, "\(error)", path: path)
        }
        guard let header else { throw EvaluationError(.invalid, "the transcript is empty (no header)", path: path) }
        return Transcript(header: header, scripts: scripts)
    }

    /// The id in a logged insert result, `… 'new_memory': {'3f9a': …`, which replay must reuse.
    package static func insertedId(fromResult text: String) -> String? {
        guard let r = text.range(of: "'new_memory': {") else { return nil }
        let rest = text[r.upperBound...]
        guard let quote = rest.first, quote == "'" || quote == "\"" else { return nil }
        let body = rest.dropFirst()
        guard let end = body.firstIndex(of: quote) else { return nil }
        let id = String(body[..<end])
        return id.contains("\\") ? nil : id
    }

    /// How a header should name `dataset` for a transcript written to `transcript`: the bare file name when both
    /// are in the same folder (so the pair can be moved together), else the path as given.
    public static func datasetReference(_ dataset: String, forTranscriptAt transcript: String) -> String {
        func folder(_ p: String) -> String { p.lastIndex(of: "/").map { String(p[..<$0]) } ?? "" }
        guard dataset != "-", transcript != "-", folder(dataset) == folder(transcript) else { return dataset }
        return dataset.lastIndex(of: "/").map { String(dataset[dataset.index(after: $0)...]) } ?? dataset
    }

    /// Writes a transcript (header, then each script's events) to `path` atomically.
    public func write(path: String) throws(EvaluationError) {
        do {
            let writer = try TranscriptWriter(path: path)
            try writer.write(.header(header))
            for script in scripts {
                try writer.write(.instance(id: script.instance,
                                           disabled: script.disabled.map(\.rawValue).sorted()))
                for action in script.actions {
                    try writer.write(script.event(action))
                }
            }
            try writer.close()
        } catch {
            throw EvaluationError(error, code: error.code == .stream ? .unwritable : .invalid)
        }
    }
}

extension Transcript.Script {
    /// The transcript event for one action.
    func event(_ action: Transcript.Action) -> TranscriptEvent {
        switch action {
        case .read(let chunk):
            return .chunk(instance: instance, index: chunk)
        case .call(let chunk, let call, let logged, _):
            let arguments: JSONValue
            switch call.arguments {
            case .json(let v): arguments = v
            case .text(let t): arguments = .string(t)
            }
            return .toolCall(TranscriptToolCall(instance: instance, chunk: chunk, name: call.name, arguments: arguments,
                                                result: logged, memoryId: call.assignedId))
        case .answer(let question, let response, _):
            return .answer(instance: instance, question: question, response: response)
        }
    }
}
