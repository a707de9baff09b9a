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

    /// The escape scan reads eight bytes at a time: every byte that needs an escape, at every offset in and around
    /// a word, next to multi-byte UTF-8 and next to bytes just above and below the escaped ones.
    @Test(arguments: [UInt8(0x00), 0x09, 0x0A, 0x1F, 0x22, 0x5C])
    func escapesAtEveryOffsetOfAWord(special: UInt8) {
        func reference(_ bytes: [UInt8]) -> [UInt8] {
            var out: [UInt8] = [0x22]
            let hex = Array("0123456789abcdef".utf8)
            for b in bytes {
                switch b {
                case 0x22: out += [0x5C, 0x22]
                case 0x5C: out += [0x5C, 0x5C]
                case 0x0A: out += [0x5C, 0x6E]
                case 0x0D: out += [0x5C, 0x72]
                case 0x09: out += [0x5C, 0x74]
                case 0x08: out += [0x5C, 0x62]
                case 0x0C: out += [0x5C, 0x66]
                case ..<0x20: out += [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]]
                default: out.append(b)
                }
            }
            return out + [0x22]
        }
        let fillers: [[UInt8]] = [Array("abcdefghijklmnopqrstuvwx".utf8), Array("é😀 ü !#[]~\u{7F}".utf8),
                                  [UInt8](repeating: 0x21, count: 24), [UInt8](repeating: 0x5B, count: 24),
                                  [UInt8](repeating: 0x20, count: 24), [UInt8](repeating: 0xC3, count: 1) + [0xA9]]
        for filler in fillers {
            for length in 0...filler.count {
                for at in 0...length {
                    var bytes = Array(filler.prefix(length))
                    bytes.insert(special, at: at)
                    guard let text = String(validating: bytes, as: UTF8.self) else { continue }
                    var out: [UInt8] = []
                    JSONValue.appendString(text, to: &out)
                    #expect(out == reference(bytes), "filler \(filler) length \(length) at \(at)")
                }
            }
        }
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
