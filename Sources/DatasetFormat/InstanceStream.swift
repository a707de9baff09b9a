import JSONLines

/// Reads instances from a JSON Lines file (plain or gzip), one per non-blank line.
public final class InstanceReader {
    let lines: JSONLinesReader

    /// Opens `path` (`-` for standard input).
    public init(path: String, maxLineBytes: Int = JSONLinesReader.defaultMaxLineBytes) throws(DatasetFormatError) {
        do {
            lines = try JSONLinesReader(path: path, maxLineBytes: maxLineBytes)
        } catch {
            throw DatasetFormatError(error)
        }
    }

    /// The next instance with its line number, or `nil` at the end. Errors carry the path and line.
    public func next() throws(DatasetFormatError) -> (Instance, Int)? {
        let parsed: (JSONValue, Int)?
        do {
            parsed = try lines.nextValue()
        } catch {
            throw DatasetFormatError(error)
        }
        guard let (value, line) = parsed else { return nil }
        do {
            return (try Instance(json: value), line)
        } catch {
            var located = error
            located.path = lines.path
            located.line = line
            throw located
        }
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
        do {
            lines = try JSONLinesWriter(path: path, compression: compression)
        } catch {
            throw DatasetFormatError(error)
        }
    }

    /// Appends one instance.
    public func write(_ instance: Instance) throws(DatasetFormatError) {
        do { try lines.write(instance.json) } catch { throw DatasetFormatError(error) }
    }

    /// Finishes the file and renames it into place.
    public func close() throws(DatasetFormatError) {
        do { try lines.close() } catch { throw DatasetFormatError(error) }
    }
}
