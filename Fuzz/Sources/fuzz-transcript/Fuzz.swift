import DatasetFormat
import Evaluator
import FuzzDriver
import JSONLines

/// The transcript decoder and Mem-α's ✿FUNCTION✿ parser: any JSON decodes or fails cleanly and round-trips;
/// any text yields calls whose names and arguments are stripped pieces of it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    if let value = try? JSONParser.parse(bytes), let event = try? TranscriptEvent(json: value) {
        guard let again = try? TranscriptEvent(json: try JSONParser.parse(event.json.jsonBytes)), again == event else {
            failure("a transcript event does not round-trip")
        }
    }
    let text = String(decoding: bytes, as: UTF8.self)
    let (calls, _) = FunctionCallParser.parse(text)
    for call in calls where !text.contains(call.name) { failure("a parsed name is not in the text") }
    return 0
}

@_cdecl("fuzz_transcript_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzz)
}
