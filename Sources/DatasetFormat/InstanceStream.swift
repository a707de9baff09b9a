import JSONLines

/// Reads instances from a JSON Lines file (plain or gzip), one per non-blank line.
public final class InstanceReader {
    let lines: JSONLinesReader

    /// Opens `path` (`-` for standard input).
    public init(path: String, maxLineBytes: Int = JSONLinesReader.defaultMaxLineBytes) throws(DatasetFormatError) {
        lines = try JSONLinesReader.opened(path: path, maxLineBytes: maxLineBytes)
    }

    /// The next instance with its line number, or `nil` at the end. Errors carry the path and line.
    public func next() throws(DatasetFormatError) -> (Instance, Int)? {
        try lines.nextRecord { (value) throws(DatasetFormatError) in try Instance(json: value) }
    }

    /// Reads every remaining instance.
    public func readAll() throws(DatasetFormatError) -> [Instance] {
        var all: [Instance] = []
        while let (instance, _) = try next() { all.append(instance) }
        return all
    }
}

/// Writes instances as JSON Lines, atomically (see ``JSONLinesWriter``).
public final class InstanceWriter {
    let lines: JSONLinesWriter

    /// Opens a writer; compression is inferred from the path unless given.
    public init(path: String, compression: JSONLinesWriter.Compression? = nil) throws(DatasetFormatError) {
        lines = try JSONLinesWriter.opened(path: path, compression: compression)
    }

    /// Appends one instance.
    public func write(_ instance: Instance) throws(DatasetFormatError) {
        do { try lines.write(serializing: { instance.serialize(into: &$0) }) } catch { throw DatasetFormatError(error) }
    }

    /// Finishes the file and renames it into place.
    public func close() throws(DatasetFormatError) { try lines.closeRecords() }
}

extension JSONLinesReader {
    /// Opens a reader, with stream errors as dataset-format errors.
    package static func opened(path: String, maxLineBytes: Int) throws(DatasetFormatError) -> JSONLinesReader {
        do {
            return try JSONLinesReader(path: path, maxLineBytes: maxLineBytes)
        } catch {
            throw DatasetFormatError(error)
        }
    }

    /// The next non-blank line decoded by `decode`, with its line number; decoding errors get the path and line.
    package func nextRecord<T>(_ decode: (JSONValue) throws(DatasetFormatError) -> T)
        throws(DatasetFormatError) -> (T, Int)?
    {
        let parsed: (JSONValue, Int)?
        do {
            parsed = try nextValue()
        } catch {
            throw DatasetFormatError(error)
        }
        guard let (value, line) = parsed else { return nil }
        do {
            return (try decode(value), line)
        } catch {
            var located = error
            located.path = path
            located.line = line
            throw located
        }
    }
}

extension JSONLinesWriter {
    /// Opens a writer, with stream errors as dataset-format errors.
    package static func opened(path: String, compression: Compression?) throws(DatasetFormatError) -> JSONLinesWriter {
        do {
            return try JSONLinesWriter(path: path, compression: compression)
        } catch {
            throw DatasetFormatError(error)
        }
    }

    /// Appends one record, with stream errors as dataset-format errors.
    package func writeRecord(_ value: JSONValue) throws(DatasetFormatError) {
        do { try write(value) } catch { throw DatasetFormatError(error) }
    }

    /// Closes the file, with stream errors as dataset-format errors.
    package func closeRecords() throws(DatasetFormatError) {
        do { try close() } catch { throw DatasetFormatError(error) }
    }
}
