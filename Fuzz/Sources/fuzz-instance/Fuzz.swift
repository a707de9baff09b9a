import DatasetFormat
import FuzzDriver
import JSONLines

/// The instance decoder: any JSON decodes or fails with a located error; a decoded instance serializes to JSON
/// that decodes to the same instance, and its direct serialization gives the same bytes as the JSON tree.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard let value = try? JSONParser.parse(UnsafeBufferPointer(start: data, count: size)) else { return 0 }
    do {
        let instance = try Instance(json: value)
        let text = instance.json.jsonBytes
        guard let again = try? Instance(json: try JSONParser.parse(text)), again == instance else {
            failure("an instance does not round-trip")
        }
        var direct: [UInt8] = []
        instance.serialize(into: &direct)
        if direct != text { failure("the direct serialization differs from the JSON tree's text") }
    } catch {
        if error.message.isEmpty { failure("an error without a message") }
    }
    return 0
}

@_cdecl("fuzz_instance_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzz)
}
