/// Reads the broken JSON that language models write for tool arguments, the way Mem-α's agent does with
/// `json.loads(json_repair.repair_json(text))` (json_repair 0.51.0): it tolerates a code fence or prose around the
/// value, single quotes, unquoted keys, Python's `True`/`False`, missing commas, trailing commas, comments,
/// unescaped quotes and newlines inside strings, numbers like `.5`, missing values, and missing closing brackets.
/// Text with no JSON value in it gives `nil` (Mem-α then reports invalid JSON arguments), and so does nesting
/// deeper than ``JSONParser/maxDepth`` (json_repair would exhaust Python's recursion limit there), so that no input
/// can exhaust the stack and every repaired value serializes to JSON that the strict parser reads back.
public enum JSONRepair {
    /// The repaired value of `text`, or nil when nothing can be read.
    public static func parse(_ text: String) -> JSONValue? {
        if let strict = try? JSONParser.parse(text) { return strict }
        var p = LenientParser(Array(text.unicodeScalars))
        let value = p.document()
        return p.tooDeep ? nil : value
    }
}

struct LenientParser {
    let s: [Unicode.Scalar]
    var i = 0
    var depth = 0
    var tooDeep = false

    init(_ scalars: [Unicode.Scalar]) { s = scalars }

    var atEnd: Bool { i >= s.count }

    mutating func skipSpaceAndComments() {
        while i < s.count {
            let c = s[i]
            if c == " " || c == "\n" || c == "\r" || c == "\t" {
                i += 1
            } else if c == "/" && i + 1 < s.count && s[i + 1] == "/" {
                while i < s.count && s[i] != "\n" { i += 1 }
            } else if c == "/" && i + 1 < s.count && s[i + 1] == "*" {
                i += 2
                while i + 1 < s.count && !(s[i] == "*" && s[i + 1] == "/") { i += 1 }
                i = min(s.count, i + 2)
            } else if c == "#" {
                while i < s.count && s[i] != "\n" { i += 1 }
            } else {
                return
            }
        }
    }

    /// The first object or array in the text (prose and code fences around it are ignored); a lone string is
    /// accepted when the text is only that string.
    mutating func document() -> JSONValue? {
        skipSpaceAndComments()
        if i < s.count && (s[i] == "\"" || s[i] == "'") {
            let save = i
            let v = string(quote: s[i])
            skipSpaceAndComments()
            if atEnd { return .string(v) }
            i = save
        }
        while i < s.count && s[i] != "{" && s[i] != "[" { i += 1 }
        guard i < s.count else { return nil }
        return value()
    }

    mutating func value() -> JSONValue {
        skipSpaceAndComments()
        guard i < s.count else { return .string("") }
        let c = s[i]
        if (c == "{" || c == "[") && depth >= JSONParser.maxDepth - 1 {
            tooDeep = true
            i = s.count
            return .null
        }
        switch c {
        case "{":
            depth += 1
            defer { depth -= 1 }
            return object()
        case "[":
            depth += 1
            defer { depth -= 1 }
            return array()
        case "\"", "'", "\u{201C}", "\u{201D}": return .string(string(quote: c))
        case "-", ".", "0"..."9": return number()
        default: return bareWord()
        }
    }

    mutating func object() -> JSONValue {
        i += 1
        var o: [String: JSONValue] = [:]
        while true {
            skipSpaceAndComments()
            guard i < s.count else { break }
            if s[i] == "}" {
                i += 1
                break
            }
            if s[i] == "," {
                i += 1
                continue
            }
            if s[i] == "]" {  // a stray closer: end the object
                i += 1
                break
            }
            let key: String
            if s[i] == "\"" || s[i] == "'" {
                key = string(quote: s[i], isKey: true)
            } else {
                var k = String.UnicodeScalarView()
                while i < s.count && s[i] != ":" && s[i] != "}" && s[i] != "," && !isSpace(s[i]) {
                    k.append(s[i])
                    i += 1
                }
                key = String(k)
            }
            skipSpaceAndComments()
            if i < s.count && s[i] == ":" { i += 1 }
            skipSpaceAndComments()
            if i >= s.count || s[i] == "}" || s[i] == "," {
                o[key] = .string("")
                continue
            }
            o[key] = value()
        }
        return .object(o)
    }

    mutating func array() -> JSONValue {
        i += 1
        var a: [JSONValue] = []
        while true {
            skipSpaceAndComments()
            guard i < s.count else { break }
            if s[i] == "]" {
                i += 1
                break
            }
            if s[i] == "," {
                i += 1
                continue
            }
            if s[i] == "}" {
                i += 1
                break
            }
            a.append(value())
        }
        return .array(a)
    }

    func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\n" || c == "\r" || c == "\t" }

    /// A quoted string. A quote inside it closes it only when what follows (after spaces) ends a value — a
    /// comma, a closing bracket, a colon for keys, or the end; otherwise it is kept as a literal quote.
    mutating func string(quote open: Unicode.Scalar, isKey: Bool = false) -> String {
        let close: Unicode.Scalar = open == "\u{201C}" ? "\u{201D}" : open
        i += 1
        var out = String.UnicodeScalarView()
        while i < s.count {
            let c = s[i]
            if c == "\\" && i + 1 < s.count {
                let e = s[i + 1]
                i += 2
                switch e {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                case "b": out.append("\u{8}")
                case "f": out.append("\u{C}")
                case "u":
                    if i + 4 <= s.count, let v = UInt32(String(String.UnicodeScalarView(s[i..<(i + 4)])), radix: 16),
                       let scalar = Unicode.Scalar(v)
                    {
                        out.append(scalar)
                        i += 4
                    } else {
                        out.append("u")
                    }
                default: out.append(e)
                }
                continue
            }
            if c == close {
                var j = i + 1
                while j < s.count && isSpace(s[j]) { j += 1 }
                let comment = j + 1 < s.count && s[j] == "/" && (s[j + 1] == "/" || s[j + 1] == "*")
                let ends = j >= s.count || s[j] == "," || s[j] == "}" || s[j] == "]" || (isKey && s[j] == ":")
                    || comment
                if ends {
                    i += 1
                    return String(out)
                }
                out.append(c)
                i += 1
                continue
            }
            out.append(c)
            i += 1
        }
        return String(out)
    }

    mutating func number() -> JSONValue {
        let start = i
        while i < s.count, "-+.eE0123456789".unicodeScalars.contains(s[i]) { i += 1 }
        var text = String(String.UnicodeScalarView(s[start..<i]))
        if text.hasPrefix(".") { text = "0" + text }
        if text.hasPrefix("-.") { text = "-0" + text.dropFirst() }
        while text.hasSuffix(".") || text.hasSuffix("e") || text.hasSuffix("E") || text.hasSuffix("-") { text.removeLast() }
        if let v = try? JSONParser.parse(text) { return v }
        return .string(text)
    }

    mutating func bareWord() -> JSONValue {
        let start = i
        while i < s.count && s[i] != "," && s[i] != "}" && s[i] != "]" && s[i] != "\n" { i += 1 }
        var end = i
        while end > start && isSpace(s[end - 1]) { end -= 1 }
        let word = String(String.UnicodeScalarView(s[start..<end]))
        switch word {
        case "true", "True": return .bool(true)
        case "false", "False": return .bool(false)
        case "null": return .null
        default: return .string(word)
        }
    }
}
