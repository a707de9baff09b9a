import DatasetFormat
import JSONLines
import Tokenizer

/// A small synthetic dataset used by the quick start until the full pattern library lands: each instance is a
/// short stream of dated dialogue chunks that state facts about invented people, with one question per fact.
///
/// Lengths are counted in o200k_base tokens, like every memkit dataset.
public enum DemoDataset {
    /// The version recorded in `generator.version`.
    public static let version = "0.1.0"

    static let syllables = ["ka", "lo", "mir", "ven", "tas", "dru", "pel", "zor", "qui", "ban", "sel", "tho", "ria",
                            "gun", "fey", "ost"]
    static let cities = ["Orvale", "Brintmoor", "Caskey", "Duneford", "Elmsreach", "Farrowgate", "Glenmarsh"]
    static let crafts = ["glassblower", "cartographer", "beekeeper", "clockmaker", "ferryman", "luthier"]

    /// Builds `count` instances from `seed`; the same arguments always give the same instances.
    public static func make(count: Int, seed: UInt64, chunksPerInstance: Int = 4) throws(TokenizerError) -> [Instance] {
        precondition(count >= 0 && chunksPerInstance > 0, "counts must be positive")
        let encoding = try Encoding.named(.o200kBase)
        return (0..<count).map { makeInstance(number: $0, seed: seed, chunks: chunksPerInstance, encoding: encoding) }
    }

    static func name(_ rng: inout SeededRandom) -> String {
        var parts = ""
        for _ in 0..<(2 + rng.uniform(below: 2)) { parts += rng.pick(syllables) }
        return parts.prefix(1).uppercased() + parts.dropFirst()
    }

    static func makeInstance(number: Int, seed: UInt64, chunks chunkCount: Int, encoding: Encoding) -> Instance {
        var rng = SeededRandom(seed: seed, stream: UInt64(number))
        var usedNames = Set<String>()
        var chunks: [Chunk] = []
        var questions: [Question] = []
        for index in 0..<chunkCount {
            var person = name(&rng)
            while !usedNames.insert(person).inserted { person = name(&rng) }
            let city = rng.pick(cities)
            let craft = rng.pick(crafts)
            let day = String(index + 1).count == 1 ? "0\(index + 1)" : "\(index + 1)"
            let timestamp = "2024-01-\(day) 00:00"
            let header = "[Dialogue between User and Assistant on \(timestamp)]\n<User>Here is something I learned.\n"
            let fact = "\(person) works as a \(craft) in \(city)."
            let text = header + fact + "\n<Assistant>Noted, I will keep that in mind."
            let start = header.utf8.count
            chunks.append(Chunk(index: index, text: text, timestamp: timestamp, tokens: encoding.count(text)))
            questions.append(Question(
                id: "q\(index)", question: "In which town does \(person) work?", answers: [city], metric: "squad",
                type: "single-hop", evidence: [Evidence(chunk: index, start: start, end: start + fact.utf8.count)],
                askedAt: nil, abstain: false))
        }
        let total = chunks.reduce(0) { $0 + $1.tokens }
        return Instance(
            id: "demo-\(seed)-\(number)", pattern: "demo", competency: .accurateRetrieval, dataSource: "squad",
            prompt: "Read the dialogue chunks that follow and store what you learn in memory.", seed: seed,
            chunks: chunks, questions: questions,
            stats: Stats(tokenizer: encoding.name.rawValue, totalTokens: total, targetTokens: nil, numChunks: chunks.count),
            generator: Generator(name: "mkdataset", version: version,
                                 parameters: ["pattern": "demo", "chunks": .int(Int64(chunkCount))]))
    }
}
