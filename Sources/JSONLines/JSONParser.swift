#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A hand-written JSON parser over UTF-8 bytes (RFC 8259).
///
/// It accepts exactly one JSON text surrounded by optional whitespace. As Python's `json` module does, it
/// also accepts `NaN`, `Infinity` and `-Infinity`, so that files written by Python read back.
/// A repeated object key keeps its last value, as in Python. Nesting deeper than ``maxDepth`` is an error,
/// so hostile input cannot exhaust the stack.
public struct JSONParser {
    /// The deepest nesting of arrays and objects accepted.
    public static let maxDepth = 512

    @usableFromInline let base: UnsafePointer<UInt8>
    @usableFromInline let end: Int
    @usableFromInline var pos: Int = 0
    @usableFromInline var depth: Int = 0
    /// Scratch space for decoding escaped strings, shared by all strings of one parse.
    let scratch = Scratch()

    /// Owns the scratch buffer so that it is freed when the parse ends.
    final class Scratch {
        var buffer: UnsafeMutableBufferPointer<UInt8>?
        deinit { buffer?.deallocate() }
    }

    init(_ buffer: UnsafeBufferPointer<UInt8>, base: UnsafePointer<UInt8>) {
        self.base = base
        self.end = buffer.count
    }

    /// Parses one JSON text from `bytes`.
    ///
    /// Errors have code ``JSONLinesError/Code/malformedJSON`` or ``JSONLinesError/Code/invalidUTF8`` and
    /// carry the 1-based byte column in `offset`; callers add the path and line.
    /// - Complexity: O(n) in the number of bytes.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONLinesError) -> JSONValue {
        // An empty buffer has no base address; give it a one-byte stand-in so the parser can report.
        guard let base = bytes.baseAddress, bytes.count > 0 else {
            throw JSONLinesError(.malformedJSON, "empty input where a JSON value was expected", offset: 1)
        }
        var parser = JSONParser(bytes, base: base)
        parser.skipWhitespace()
        let value = try parser.parseValue()
        parser.skipWhitespace()
        if parser.pos != parser.end {
            throw parser.error("unexpected \(parser.describeByte(at: parser.pos)) after the JSON value")
        }
        return value
    }

    /// Parses one JSON text from `bytes`.
    /// - Complexity: O(n) in the number of bytes.
    public static func parse(_ bytes: [UInt8]) throws(JSONLinesError) -> JSONValue {
        let result: Result<JSONValue, JSONLinesError> = bytes.withUnsafeBufferPointer { buffer in
            do throws(JSONLinesError) { return .success(try parse(buffer)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Parses one JSON text from the UTF-8 of `text`.
    public static func parse(_ text: String) throws(JSONLinesError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    // MARK: - Errors

    func error(_ message: String, at offset: Int? = nil, code: JSONLinesError.Code = .malformedJSON)
        -> JSONLinesError
    {
        JSONLinesError(code, message, offset: (offset ?? pos) + 1)
    }

    func describeByte(at i: Int) -> String {
        guard i < end else { return "end of input" }
        let b = base[i]
        if b >= 0x21 && b < 0x7F { return "character '\(Character(Unicode.Scalar(b)))'" }
        return "byte 0x" + String(b, radix: 16, uppercase: true)
    }

    // MARK: - Values

    @inline(__always) mutating func skipWhitespace() {
        while pos < end {
            let b = base[pos]
            if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { pos += 1 } else { return }
        }
    }

    mutating func parseValue() throws(JSONLinesError) -> JSONValue {
        guard pos < end else { throw error("unexpected end of input where a value was expected") }
        switch base[pos] {
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "N"): try expectLiteral("NaN"); return .double(.nan)
        case UInt8(ascii: "I"): try expectLiteral("Infinity"); return .double(.infinity)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("unexpected \(describeByte(at: pos)) where a value was expected")
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONLinesError) {
        let n = literal.utf8CodeUnitCount
        let start = pos
        guard end - pos >= n, memcmp(base + pos, literal.utf8Start, n) == 0 else {
            throw error("invalid literal; expected '\(literal)'", at: start)
        }
        pos += n
    }

    mutating func parseObject() throws(JSONLinesError) -> JSONValue {
        depth += 1
        if depth > JSONParser.maxDepth { throw error("nesting deeper than \(JSONParser.maxDepth) levels") }
        pos += 1
        var object: [String: JSONValue] = Dictionary(minimumCapacity: 8)
        skipWhitespace()
        if pos < end && base[pos] == UInt8(ascii: "}") {
            pos += 1
            depth -= 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            guard pos < end, base[pos] == UInt8(ascii: "\"") else {
                throw error("expected a string key in object, found \(describeByte(at: pos))")
            }
            let key = try parseString()
            skipWhitespace()
            guard pos < end, base[pos] == UInt8(ascii: ":") else {
                throw error("expected ':' after object key, found \(describeByte(at: pos))")
            }
            pos += 1
            skipWhitespace()
            object[key] = try parseValue()
            skipWhitespace()
            guard pos < end else { throw error("unterminated object: end of input before '}'") }
            let b = base[pos]
            pos += 1
            if b == UInt8(ascii: ",") { continue }
            if b == UInt8(ascii: "}") { break }
            throw error("expected ',' or '}' in object, found \(describeByte(at: pos - 1))", at: pos - 1)
        }
        depth -= 1
        return .object(object)
    }

    mutating func parseArray() throws(JSONLinesError) -> JSONValue {
        depth += 1
        if depth > JSONParser.maxDepth { throw error("nesting deeper than \(JSONParser.maxDepth) levels") }
        pos += 1
        var array: [JSONValue] = []
        skipWhitespace()
        if pos < end && base[pos] == UInt8(ascii: "]") {
            pos += 1
            depth -= 1
            return .array(array)
        }
        while true {
            skipWhitespace()
            array.append(try parseValue())
            skipWhitespace()
            guard pos < end else { throw error("unterminated array: end of input before ']'") }
            let b = base[pos]
            pos += 1
            if b == UInt8(ascii: ",") { continue }
            if b == UInt8(ascii: "]") { break }
            throw error("expected ',' or ']' in array, found \(describeByte(at: pos - 1))", at: pos - 1)
        }
        depth -= 1
        return .array(array)
    }
}
