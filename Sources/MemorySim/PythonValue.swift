import JSONLines

/// The handful of Python values that Mem-α's tool results are made of, so that their `repr()` — the text an agent
/// log holds — can be reproduced byte for byte.
package indirect enum PythonValue: Sendable, Equatable {
    case str(String)
    case int(Int64)
    case float(Double)
    case bool(Bool)
    case none
    case list([PythonValue])
    case tuple([PythonValue])
    /// A dict in insertion order.
    case dict([(PythonValue, PythonValue)])

    package static func == (a: PythonValue, b: PythonValue) -> Bool {
        switch (a, b) {
        case (.str(let x), .str(let y)): return x.utf8.elementsEqual(y.utf8)
        case (.int(let x), .int(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.none, .none): return true
        case (.str, _), (_, .str), (.none, _), (_, .none): return false
        default: return a.repr == b.repr
        }
    }

    /// The value that `json.loads` would have produced.
    package init(json: JSONValue) {
        switch json {
        case .null: self = .none
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .double(let d): self = .float(d)
        case .string(let s): self = .str(s)
        case .array(let a): self = .list(a.map(PythonValue.init(json:)))
        case .object(let o):
            // json.loads keeps document order, which JSONValue does not record; keys are sorted instead.
            let keys = o.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            self = .dict(keys.map { (.str($0), PythonValue(json: o[$0] ?? .null)) })
        }
    }

    /// Python's `repr()`.
    package var repr: String {
        var out: [UInt8] = []
        appendRepr(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends Python's `repr()` as UTF-8.
    package func appendRepr(to out: inout [UInt8]) {
        switch self {
        case .str(let s): PythonText.appendRepr(s, to: &out)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .float(let d): out.append(contentsOf: PythonText.repr(d).utf8)
        case .bool(let b): out.append(contentsOf: (b ? "True" : "False").utf8)
        case .none: out.append(contentsOf: "None".utf8)
        case .list(let items):
            out.append(UInt8(ascii: "["))
            for (n, item) in items.enumerated() {
                if n > 0 { out.append(contentsOf: [0x2C, 0x20]) }
                item.appendRepr(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .tuple(let items):
            out.append(UInt8(ascii: "("))
            for (n, item) in items.enumerated() {
                if n > 0 { out.append(contentsOf: [0x2C, 0x20]) }
                item.appendRepr(to: &out)
            }
            if items.count == 1 { out.append(0x2C) }
            out.append(UInt8(ascii: ")"))
        case .dict(let pairs):
            out.append(UInt8(ascii: "{"))
            for (n, pair) in pairs.enumerated() {
                if n > 0 { out.append(contentsOf: [0x2C, 0x20]) }
                pair.0.appendRepr(to: &out)
                out.append(contentsOf: [0x3A, 0x20])
                pair.1.appendRepr(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Python's `str()`: the text itself for a `str`, `repr()` otherwise.
    package var str: String {
        if case .str(let s) = self { return s }
        return repr
    }

    /// The JSON form, for structured results.
    package var json: JSONValue {
        switch self {
        case .str(let s): return .string(s)
        case .int(let i): return .int(i)
        case .float(let d): return .double(d)
        case .bool(let b): return .bool(b)
        case .none: return .null
        case .list(let items), .tuple(let items): return .array(items.map(\.json))
        case .dict(let pairs):
            var o: [String: JSONValue] = [:]
            for (k, v) in pairs { o[k.str] = v.json }
            return .object(o)
        }
    }
}
