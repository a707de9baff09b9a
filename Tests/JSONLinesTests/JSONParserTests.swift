import Testing
@testable import JSONLines

@Suite struct JSONParserTests {
    @Test(arguments: [
        ("null", JSONValue.null), ("true", .bool(true)), ("false", .bool(false)), ("0", .int(0)), ("-0", .int(0)),
        ("9223372036854775807", .int(.max)), ("-9223372036854775808", .int(.min)),
        ("9223372036854775808", .double(9223372036854775808.0)), ("1.5", .double(1.5)), ("-2e3", .double(-2000)),
        ("1E-2", .double(0.01)), ("\"a\\/b\"", .string("a/b")), ("[]", .array([])), ("{}", .object([:])),
        (" [1, {\"k\": [null]}] ", .array([.int(1), .object(["k": .array([.null])])])),
        ("\"\\ud83d\\ude00\"", .string("😀")), ("\"\\u00e9\\u0000\\u001f\"", .string("é\u{0}\u{1F}")),
        ("{\"a\":1,\"a\":2}", .object(["a": .int(2)])), ("\"\\b\\f\\n\\r\\t\\\"\\\\\"", .string("\u{8}\u{C}\n\r\t\"\\")),
    ])
    func parsesValues(_ text: String, _ expected: JSONValue) throws {
        #expect(try JSONParser.parse(text) == expected)
    }

    @Test func acceptsPythonNonFiniteNumbers() throws {
        #expect(try JSONParser.parse("Infinity") == .double(.infinity))
        #expect(try JSONParser.parse("-Infinity") == .double(-.infinity))
        guard case .double(let d) = try JSONParser.parse("NaN") else { Issue.record("NaN is a double"); return }
        #expect(d.isNaN)
    }

    @Test(arguments: [
        ("{\"a\" 1}", 6, "expected ':'"), ("[1,]", 4, "where a value was expected"), ("01", 1, "leading zeros"),
        ("\"abc", 1, "unterminated string"), ("[1 2]", 4, "expected ',' or ']'"), ("1.", 3, "after the decimal"),
        ("tru", 1, "invalid literal"), ("\"\\x\"", 2, "invalid escape"), ("\"\\ud800\"", 2, "lone high surrogate"),
        ("\"\\udc00x\"", 2, "lone low surrogate"), ("{} x", 4, "after the JSON value"), ("", 1, "empty input"),
        ("\"a\u{1}\"", 3, "control character"), ("{\"a\":1", 7, "unterminated object"), ("-", 2, "expected a digit"),
        ("1e", 3, "exponent"), ("\"\\u12g4\"", 6, "invalid hex digit"),
    ])
    func reportsMalformedJSONWithColumn(_ text: String, _ column: Int, _ fragment: String) {
        do {
            _ = try JSONParser.parse(text)
            Issue.record("expected an error for \(text)")
        } catch {
            #expect(error.code == .malformedJSON)
            #expect(error.offset == column, "column for \(text): \(error)")
            #expect(error.message.contains(fragment), "message for \(text): \(error.message)")
        }
    }

    @Test func reportsInvalidUTF8WithColumn() {
        let bytes: [UInt8] = Array("{\"k\": \"ab".utf8) + [0xC3, 0x28] + Array("\"}".utf8)
        do {
            _ = try JSONParser.parse(bytes)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidUTF8)
            #expect(error.offset == 10)
        }
    }

    @Test func limitsNestingDepth() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONLinesError.self) { try JSONParser.parse(deep) }
        let ok = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect((try? JSONParser.parse(ok)) != nil)
    }

    @Test func validatorAgreesWithTheStandardLibrary() {
        // Every 1- and 2-byte sequence, plus structured 3- and 4-byte edge cases.
        var cases: [[UInt8]] = []
        for a in 0...255 { cases.append([UInt8(a)]) }
        for a in 0xC0...0xF5 { for b in stride(from: 0, through: 255, by: 1) { cases.append([UInt8(a), UInt8(b)]) } }
        for lead: UInt8 in [0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5] {
            for second: UInt8 in [0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0] {
                cases.append([lead, second, 0x80])
                cases.append([lead, second, 0x80, 0x80])
            }
        }
        for bytes in cases {
            let ours = UTF8Validation.isValid(bytes)
            let stdlib = String(validating: bytes, as: UTF8.self) != nil
            #expect(ours == stdlib, "bytes \(bytes)")
        }
    }
}

@Suite struct JSONParserEscapeTests {
    @Test func decodesManyEscapedStringsInOneText() throws {
        var strings: [String] = []
        for i in 0..<300 {
            strings.append(String(repeating: "ab\"c\\d\n", count: i % 17) + "é\t\u{1F600}/" + String(i))
        }
        let value = JSONValue.array(strings.map { .string($0) })
        #expect(try JSONParser.parse(value.jsonBytes) == value)
        let escapedInput = "[\"\\u00e9\\n\\ud83d\\ude00 x\", \"plain\", \"a\\\\b\\/c\"]"
        #expect(try JSONParser.parse(escapedInput) == ["é\n😀 x", "plain", "a\\b/c"])
    }

    @Test func keepsARealReplacementCharacter() throws {
        #expect(try JSONParser.parse("\"a\u{FFFD}b\\n\"") == "a\u{FFFD}b\n")
        #expect(try JSONParser.parse("\"\\ufffd\"") == "\u{FFFD}")
    }

    @Test func reportsInvalidUTF8AfterAnEscape() {
        let bytes: [UInt8] = Array("\"a\\nb".utf8) + [0xF1, 0x80, 0x80] + Array("z\"".utf8)
        do {
            _ = try JSONParser.parse(bytes)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidUTF8)
        }
    }

    @Test func reportsAnUnterminatedEscapedString() {
        #expect(throws: JSONLinesError.self) { try JSONParser.parse("\"abc\\n") }
        #expect(throws: JSONLinesError.self) { try JSONParser.parse("\"abc\\") }
        #expect(throws: JSONLinesError.self) { try JSONParser.parse("\"\\u12\"") }
    }
}
