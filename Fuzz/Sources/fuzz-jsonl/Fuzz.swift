import FuzzDriver
import JSONLines

#if canImport(Glibc)
import Glibc
#endif

/// The JSON Lines reader on arbitrary files (plain, or gzip when the input starts with the gzip magic), and on
/// arbitrary lines written by the writer with gzip: reading never crashes, and what the writer wrote reads back.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let folder = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
    let path = "\(folder)/memkit-fuzz-jsonl-\(getpid())"
    defer { unlink(path) }
    // 1. The raw bytes as a file.
    if let f = fopen(path, "wb") {
        _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
        fclose(f)
        if let reader = try? JSONLinesReader(path: path, maxLineBytes: 1 << 16) {
            while let line = try? reader.next() { _ = try? JSONParser.parse(line.bytes) }
        }
    }
    // 2. The bytes as string records, written gzip and read back.
    let records = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).prefix(32).map {
        JSONValue.string(String(decoding: $0, as: UTF8.self))
    }
    guard let writer = try? JSONLinesWriter(path: path + ".gz", compression: .gzip(level: 1)) else { return 0 }
    defer { unlink(path + ".gz") }
    for r in records { try? writer.write(r) }
    guard (try? writer.close()) != nil, let reader = try? JSONLinesReader(path: path + ".gz") else {
        failure("the writer failed")
    }
    var read: [JSONValue] = []
    while let pair = try? reader.nextValue() { read.append(pair.0) }
    if read != records { failure("gzip JSON Lines did not read back what was written") }
    return 0
}

@_cdecl("fuzz_jsonl_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzz)
}
