import Testing
@testable import JSONLines

@Suite struct JSONSerializationTests {
    @Test func sortsKeysByBytesAndDoesNotEscapeSlashes() {
        let value: JSONValue = ["b": 1, "a/b": "x/y", "B": true, "é": nil, "aa": [1.5, "z"]]
        #expect(value.jsonString == #"{"B":true,"a/b":"x/y","aa":[1.5,"z"],"b":1,"é":null}"#)
    }

    @Test func escapesControlCharactersOnly() {
        let text = "q\"b\\n\n r\r t\t \u{0} \u{1F} \u{7F} é 😀 \u{2028}"
        #expect(JSONValue.string(text).jsonString == "\"q\\\"b\\\\n\\n r\\r t\\t \\u0000 \\u001f \u{7F} é 😀 \u{2028}\"")
    }

    @Test func everyUnicodeScalarRoundTrips() throws {
        var scalars = String.UnicodeScalarView()
        for v in UInt32(0)...0x10FFFF {
            if let s = Unicode.Scalar(v) { scalars.append(s) }
        }
        let text = String(scalars)
        let value = JSONValue.array([.string(text), .object([text: .int(1)])])
        #expect(try JSONParser.parse(value.jsonBytes) == value)
    }

    @Test func integersAreExact() throws {
        for i: Int64 in [0, 1, -1, 9, 10, 99, 100, .max, .min, .max - 1, .min + 1, 1 << 53 + 1, -(1 << 53) - 1] {
            let bytes = JSONValue.int(i).jsonBytes
            #expect(String(decoding: bytes, as: UTF8.self) == String(i))
            #expect(try JSONParser.parse(bytes) == .int(i))
        }
    }

    @Test func doublesUseTheShortestRoundTrippingForm() throws {
        #expect(JSONValue.double(0.1).jsonString == "0.1")
        #expect(JSONValue.double(2).jsonString == "2.0")
        #expect(JSONValue.double(1e-7).jsonString == "1e-07")
        #expect(JSONValue.double(.nan).jsonString == "null")
        var state: UInt64 = 7
        for _ in 0..<20_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let d = Double(bitPattern: state)
            guard d.isFinite else { continue }
            let bytes = JSONValue.double(d).jsonBytes
            let back = try JSONParser.parse(bytes)
            #expect(back.doubleValue?.bitPattern == d.bitPattern || (d == 0 && back.doubleValue == 0),
                    "\(d) -> \(String(decoding: bytes, as: UTF8.self))")
        }
    }
}
