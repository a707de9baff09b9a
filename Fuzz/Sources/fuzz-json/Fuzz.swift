import FuzzDriver
import JSONLines

/// The JSON parser and serializer, and json_repair's reading: any bytes parse or fail cleanly; what parses
/// serializes to text that parses back to the same value, and serializing again gives the same bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    if let value = try? JSONParser.parse(bytes) {
        let text = value.jsonBytes
        guard let again = try? JSONParser.parse(text) else { failure("serialized JSON does not parse") }
        if again != value && !containsNonFinite(value) { failure("the JSON round trip changed the value") }
        if again.jsonBytes != text { failure("serialization is not a fixed point") }
    }
    if let repaired = JSONRepair.parse(String(decoding: bytes, as: UTF8.self)) {
        guard (try? JSONParser.parse(repaired.jsonBytes)) != nil else { failure("repaired JSON does not serialize") }
    }
    return 0
}

func containsNonFinite(_ v: JSONValue) -> Bool {
    switch v {
    case .double(let d): return !d.isFinite
    case .array(let a): return a.contains(where: containsNonFinite)
    case .object(let o): return o.values.contains(where: containsNonFinite)
    default: return false
    }
}

@_cdecl("fuzz_json_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzz)
}
