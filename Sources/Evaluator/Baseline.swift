import DatasetFormat
import JSONLines
import MemorySim

/// The built-in baselines. Each is a memory policy written as a transcript, so that the replay path scores it
/// exactly like an agent; `bm25-rag` and `long-context` also set how the reader retrieves.
public enum Baseline: String, Sendable, Equatable, CaseIterable {
    /// The last W tokens of the history (default 30,000, as in Mem-α): every chunk goes into episodic memory and
    /// the oldest are deleted while more than W tokens are held; the reader sees all of it.
    case longContext = "long-context"
    /// Every chunk stored; the reader sees the BM25 top k chunks per question (default 2, as in Mem-α).
    case bm25RAG = "bm25-rag"
    /// Every chunk inserted whole into episodic memory; the standard reader (top 20 within 30,000 tokens).
    case storeAll = "store-all"
    /// Nothing stored.
    case noMemory = "no-memory"
    /// Only the evidence sentences, in semantic memory: the ceiling of a perfect writer.
    case oracle

    /// Parameters of the baselines.
    public struct Options: Sendable, Equatable {
        /// The long-context window in o200k tokens.
        public var window: Int
        /// Chunks per question for `bm25-rag`.
        public var ragTopK: Int

        /// Mem-α's values: a 30,000-token window and the top 2 chunks.
        public init(window: Int = 30_000, ragTopK: Int = 2) {
            precondition(window >= 1 && ragTopK >= 1, "window and ragTopK must be at least 1")
            self.window = window
            self.ragTopK = ragTopK
        }
    }

    /// How this baseline's reader retrieves.
    public func reader(_ options: Options) -> ReaderSettings {
        switch self {
        case .bm25RAG: return ReaderSettings(topK: options.ragTopK)
        // The memory itself holds at most the window, and the reader sees all of it.
        case .longContext: return ReaderSettings(topK: 1 << 20, tokenBudget: 1 << 40)
        case .storeAll, .noMemory, .oracle: return ReaderSettings()
        }
    }

    /// This baseline's script for `instance`.
    public func script(for instance: Instance, options: Options = Options()) -> Transcript.Script {
        var script = Transcript.Script(instance: instance.id)
        var evidence: [Int: [String]] = [:]
        if self == .oracle {
            var seen = Set<Evidence>()
            for q in instance.questions {
                for e in q.evidence where seen.insert(e).inserted {
                    let bytes = Array(instance.chunks[e.chunk].text.utf8)
                    guard e.start >= 0, e.start <= e.end, e.end <= bytes.count else { continue }
                    evidence[e.chunk, default: []].append(String(decoding: bytes[e.start..<e.end], as: UTF8.self))
                }
            }
        }
        var window: [(id: String, tokens: Int)] = []
        var held = 0
        for chunk in instance.chunks {
            script.actions.append(.read(chunk: chunk.index))
            func insert(_ type: MemoryType, _ content: String, id: String?) {
                let call = ToolCall(name: "new_memory_insert",
                                    arguments: ["memory_type": .string(type.toolName), "content": .string(content)],
                                    assignedId: id)
                script.actions.append(.call(chunk: chunk.index, call, logged: nil, line: 0))
            }
            switch self {
            case .noMemory:
                break
            case .storeAll, .bm25RAG:
                insert(.episodic, chunk.text, id: "c\(chunk.index)")
            case .oracle:
                for (n, text) in (evidence[chunk.index] ?? []).enumerated() {
                    insert(.semantic, text, id: "e\(chunk.index)-\(n)")
                }
            case .longContext:
                let id = "c\(chunk.index)"
                insert(.episodic, chunk.text, id: id)
                window.append((id, chunk.tokens))
                held += chunk.tokens
                while held > options.window && window.count > 1 {
                    let oldest = window.removeFirst()
                    held -= oldest.tokens
                    let call = ToolCall(name: "memory_delete",
                                        arguments: ["memory_type": "episodic_memory", "memory_id": .string(oldest.id)])
                    script.actions.append(.call(chunk: chunk.index, call, logged: nil, line: 0))
                }
            }
        }
        return script
    }
}

extension Transcript {
    /// A baseline's transcript for every instance of a dataset, with the dataset's path and sha256 in the header.
    public static func baseline(_ baseline: Baseline, datasetPath: String, options: Baseline.Options = Baseline.Options())
        throws(EvaluationError) -> Transcript
    {
        let sha: String?
        do {
            sha = datasetPath == "-" ? nil : try SHA256.file(path: datasetPath)
        } catch {
            throw EvaluationError(error)
        }
        let reader = baseline.reader(options)
        var transcript = Transcript(
            header: TranscriptHeader(agent: baseline.rawValue, datasetPath: datasetPath, datasetSHA256: sha,
                                     reader: reader == ReaderSettings() ? nil : reader),
            scripts: [])
        do {
            let instances = try InstanceReader(path: datasetPath)
            while let (instance, _) = try instances.next() {
                transcript.scripts.append(baseline.script(for: instance, options: options))
            }
        } catch {
            throw EvaluationError(error)
        }
        return transcript
    }
}
