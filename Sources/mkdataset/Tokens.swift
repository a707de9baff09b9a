import ArgumentParser
import JSONLines
import Tokenizer

/// `mkdataset tokens`: counts (or lists) the tokens of a UTF-8 text.
struct Tokens: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Count the tokens of a UTF-8 text, or print their ids, exactly as tiktoken does.",
        discussion: """
            Special-token text such as <|endoftext|> is counted as ordinary text (tiktoken's encode_ordinary).
            A gzip-compressed input is decompressed. Invalid UTF-8 is an error (exit 1) that gives the byte offset.
            """)

    @Option(help: "The encoding: o200k_base (gpt-4o, gpt-4o-mini; what Mem-α counts with) or cl100k_base.")
    var encoding: String = "o200k_base"

    @Flag(help: "Print the token ids, one line, separated by spaces, instead of the count.")
    var ids = false

    @Flag(help: "Print a JSON object: encoding, bytes, tokens, and the ids with --ids.")
    var json = false

    @Argument(help: "The text file, or '-' for standard input.")
    var file: String = "-"

    func run() throws {
        let enc: Encoding
        do {
            enc = try Encoding.named(encoding)
        } catch {
            throw ValidationError(error.message)
        }
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.read(path: file)
        } catch {
            Diagnostics.error("mkdataset tokens: \(error)")
            throw ExitCode(3)
        }
        let tokenIds: [UInt32]
        do {
            tokenIds = try enc.encode(bytes: bytes)
        } catch {
            Diagnostics.error("mkdataset tokens: \(file): \(error)")
            throw ExitCode(1)
        }
        if json {
            var object: [String: JSONValue] = [
                "encoding": .string(enc.name.rawValue), "bytes": .int(Int64(bytes.count)),
                "tokens": .int(Int64(tokenIds.count)),
            ]
            if ids { object["ids"] = .array(tokenIds.map { .int(Int64($0)) }) }
            print(JSONValue.object(object).jsonString)
        } else if ids {
            print(tokenIds.map(String.init).joined(separator: " "))
        } else {
            print(tokenIds.count)
        }
    }
}
