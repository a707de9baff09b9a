import Foundation

/// A byte-level BPE encoding identical to tiktoken's: `o200k_base` (gpt-4o, gpt-4o-mini — Mem-α's counter) or
/// `cl100k_base`.
///
/// Encodings are loaded once from the vocabularies bundled with the package and shared (`Sendable`).
///
/// ```swift
/// let enc = try Encoding.named(.o200kBase)
/// enc.encode("hello world")   // [24912, 2375]
/// enc.count("hello world")    // 2
/// ```
public final class Encoding: Sendable {
    /// The encodings memkit knows.
    public enum Name: String, Sendable, CaseIterable {
        /// tiktoken's `o200k_base`.
        case o200kBase = "o200k_base"
        /// tiktoken's `cl100k_base`.
        case cl100kBase = "cl100k_base"
    }

    /// The encoding's name.
    public let name: Name
    /// Special tokens: their text and id. `encode` treats their text as ordinary text (tiktoken's
    /// `encode_ordinary`); use ``containsSpecialToken(_:)`` to detect them.
    public let specialTokens: [(text: String, id: UInt32, bytes: [UInt8])]
    let vocabulary: Vocabulary
    let splitter: PreTokenizer
    let classTable: ScalarClass.ClassTable

    init(name: Name, vocabulary: Vocabulary) {
        self.name = name
        self.vocabulary = vocabulary
        self.classTable = ScalarClass.shared
        switch name {
        case .o200kBase:
            splitter = .o200k
            specialTokens = Encoding.specials([("<|endoftext|>", 199_999), ("<|endofprompt|>", 200_018)])
        case .cl100kBase:
            splitter = .cl100k
            specialTokens = Encoding.specials([
                ("<|endoftext|>", 100_257), ("<|fim_prefix|>", 100_258), ("<|fim_middle|>", 100_259),
                ("<|fim_suffix|>", 100_260), ("<|endofprompt|>", 100_276),
            ])
        }
    }

    static func specials(_ list: [(String, UInt32)]) -> [(text: String, id: UInt32, bytes: [UInt8])] {
        list.map { ($0.0, $0.1, Array($0.0.utf8)) }
    }

    /// The number of ids, ordinary and special (tiktoken's `n_vocab`).
    public var vocabularySize: Int { Int(specialTokens.map(\.id).max() ?? 0) + 1 }

    /// The number of ordinary (mergeable) tokens.
    public var ordinaryTokenCount: Int { vocabulary.count }

    // MARK: - Loading

    static let o200k = Result { () throws(TokenizerError) -> Encoding in try Encoding.loadBundled(.o200kBase) }
    static let cl100k = Result { () throws(TokenizerError) -> Encoding in try Encoding.loadBundled(.cl100kBase) }

    /// The shared instance of an encoding, loaded from the bundled vocabulary on first use.
    public static func named(_ name: Name) throws(TokenizerError) -> Encoding {
        switch name {
        case .o200kBase: return try o200k.get()
        case .cl100kBase: return try cl100k.get()
        }
    }

    /// The shared instance of an encoding given by its tiktoken name.
    public static func named(_ name: String) throws(TokenizerError) -> Encoding {
        guard let known = Name(rawValue: name) else {
            let all = Name.allCases.map(\.rawValue).joined(separator: ", ")
            throw TokenizerError(.unknownEncoding, "unknown encoding '\(name)'; known: \(all)")
        }
        return try named(known)
    }

    static func loadBundled(_ name: Name) throws(TokenizerError) -> Encoding {
        guard let url = Bundle.module.url(forResource: name.rawValue + ".tiktoken", withExtension: "gz"),
              let compressed = try? Data(contentsOf: url)
        else {
            throw TokenizerError(.invalidVocabulary, "the bundled vocabulary \(name.rawValue).tiktoken.gz is missing")
        }
        return try load(name, gzipData: [UInt8](compressed))
    }

    /// Builds an encoding from a gzip-compressed `.tiktoken` file's bytes.
    public static func load(_ name: Name, gzipData: [UInt8]) throws(TokenizerError) -> Encoding {
        let plain: [UInt8]
        do {
            plain = try Gunzip.decompress(gzipData)
        } catch {
            throw TokenizerError(.invalidVocabulary, "\(name.rawValue): \(error.description)")
        }
        let result: Result<Vocabulary, TokenizerError> = plain.withUnsafeBufferPointer { buffer in
            do throws(TokenizerError) {
                return .success(try Vocabulary(tiktokenFile: buffer))
            } catch {
                return .failure(error)
            }
        }
        return Encoding(name: name, vocabulary: try result.get())
    }
}
