import FuzzDriver
import Tokenizer

/// Both encodings on arbitrary text: decoding the encoding gives the text's bytes back, the count equals the
/// length of the encoding, and the memoised count (segments and pieces, cold and warm) equals it too.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    for name in [Encoding.Name.o200kBase, .cl100kBase] {
        guard let encoding = try? Encoding.named(name) else { failure("no encoding") }
        let ids = encoding.encode(text)
        if encoding.decodeBytes(ids) != Array(text.utf8) { failure("decode(encode(text)) != text for \(name)") }
        if encoding.count(text) != ids.count { failure("count != encode().count for \(name)") }
        var cache = TokenCountCache(capacity: 8)
        for _ in 0..<2 where encoding.count(text, cache: &cache) != ids.count {
            failure("count(cache:) != encode().count for \(name)")
        }
    }
    return 0
}

@_cdecl("fuzz_tokenizer_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzz)
}
