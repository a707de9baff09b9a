import JSONLines

/// Typed, located access to the members of a JSON object, for validating decoders.
///
/// Every failure becomes a ``DatasetFormatError`` that names the field by its full path and the instance id.
package struct FieldReader {
    package let object: [String: JSONValue]
    package let path: String
    package let instance: String?

    package init(_ value: JSONValue, path: String, instance: String?) throws(DatasetFormatError) {
        guard case .object(let object) = value else {
            throw DatasetFormatError(.wrongType, "expected an object, found \(value.typeName)",
                                     field: path.isEmpty ? nil : path, instance: instance)
        }
        self.object = object
        self.path = path
        self.instance = instance
    }

    package func fieldPath(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    package func missing(_ key: String) -> DatasetFormatError {
        DatasetFormatError(.missingField, "required field is missing", field: fieldPath(key), instance: instance)
    }

    package func wrongType(_ key: String, expected: String, found: JSONValue) -> DatasetFormatError {
        DatasetFormatError(.wrongType, "expected \(expected), found \(found.typeName)", field: fieldPath(key),
                           instance: instance)
    }

    package func invalid(_ key: String, _ message: String) -> DatasetFormatError {
        DatasetFormatError(.invalidValue, message, field: fieldPath(key), instance: instance)
    }

    package func value(_ key: String) throws(DatasetFormatError) -> JSONValue {
        guard let v = object[key] else { throw missing(key) }
        return v
    }

    package func string(_ key: String) throws(DatasetFormatError) -> String {
        let v = try value(key)
        guard let s = v.stringValue else { throw wrongType(key, expected: "a string", found: v) }
        return s
    }

    /// A string that may be absent or `null`.
    package func optionalString(_ key: String) throws(DatasetFormatError) -> String? {
        guard let v = object[key], !v.isNull else { return nil }
        guard let s = v.stringValue else { throw wrongType(key, expected: "a string or null", found: v) }
        return s
    }

    package func int(_ key: String, min: Int64? = nil) throws(DatasetFormatError) -> Int {
        let v = try value(key)
        guard let i = v.intValue else { throw wrongType(key, expected: "an integer", found: v) }
        if let min, i < min { throw invalid(key, "must be at least \(min), found \(i)") }
        guard let narrowed = Int(exactly: i) else { throw invalid(key, "integer out of range") }
        return narrowed
    }

    package func optionalInt(_ key: String, min: Int64? = nil) throws(DatasetFormatError) -> Int? {
        guard let v = object[key], !v.isNull else { return nil }
        return try int(key, min: min)
    }

    package func bool(_ key: String) throws(DatasetFormatError) -> Bool {
        let v = try value(key)
        guard let b = v.boolValue else { throw wrongType(key, expected: "a boolean", found: v) }
        return b
    }

    package func optionalBool(_ key: String, default fallback: Bool) throws(DatasetFormatError) -> Bool {
        guard let v = object[key], !v.isNull else { return fallback }
        guard let b = v.boolValue else { throw wrongType(key, expected: "a boolean", found: v) }
        return b
    }

    package func array(_ key: String) throws(DatasetFormatError) -> [JSONValue] {
        let v = try value(key)
        guard let a = v.arrayValue else { throw wrongType(key, expected: "an array", found: v) }
        return a
    }

    package func stringArray(_ key: String) throws(DatasetFormatError) -> [String] {
        let items = try array(key)
        var result: [String] = []
        result.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            guard let s = item.stringValue else {
                throw DatasetFormatError(.wrongType, "expected a string, found \(item.typeName)",
                                         field: fieldPath(key) + "[\(i)]", instance: instance)
            }
            result.append(s)
        }
        return result
    }

    package func objectValue(_ key: String) throws(DatasetFormatError) -> [String: JSONValue] {
        let v = try value(key)
        guard let o = v.objectValue else { throw wrongType(key, expected: "an object", found: v) }
        return o
    }

    /// Decodes each element of the array `key` with `decode`, giving it the element's path.
    package func elements<T>(_ key: String,
                             _ decode: (FieldReader, Int) throws(DatasetFormatError) -> T) throws(DatasetFormatError)
        -> [T]
    {
        let items = try array(key)
        var result: [T] = []
        result.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            let reader = try FieldReader(item, path: fieldPath(key) + "[\(i)]", instance: instance)
            result.append(try decode(reader, i))
        }
        return result
    }
}
