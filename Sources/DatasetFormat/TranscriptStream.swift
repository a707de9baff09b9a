import JSONLines

/// Reads transcript events (schema `memkit.transcript/1`) from a JSON Lines file, plain or gzip.
public final class TranscriptReader {
    let lines: JSONLinesReader

    /// Opens `path` (`-` for standard input).
    public init(path: String, maxLineBytes: Int = JSONLinesReader.defaultMaxLineBytes) throws(DatasetFormatError) {
        do {
            lines = try JSONLinesReader(path: path, maxLineBytes: maxLineBytes)
        } catch {
            throw DatasetFormatError(error)
        }
    }

    /// The path being read.
    public var path: String { lines.path }

    /// The next event with its line number, or `nil` at the end. Errors carry the path and line.
    public func next() throws(DatasetFormatError) -> (TranscriptEvent, Int)? {
        try lines.nextRecord { (value) throws(DatasetFormatError) in try TranscriptEvent(json: value) }
    }
}

/// Writes transcript events as JSON Lines, atomically (see ``JSONLinesWriter``).
public final class TranscriptWriter {
    let lines: JSONLinesWriter

    /// Opens a writer (`-` for standard output); compression is inferred from the path unless given.
    public init(path: String, compression: JSONLinesWriter.Compression? = nil) throws(DatasetFormatError) {
        do {
            lines = try JSONLinesWriter(path: path, compression: compression)
        } catch {
            throw DatasetFormatError(error)
        }
    }

    /// Appends one event.
    public func write(_ event: TranscriptEvent) throws(DatasetFormatError) {
        do { try lines.write(event.json) } catch { throw DatasetFormatError(error) }
    }

    /// Finishes the file and renames it into place.
    public func close() throws(DatasetFormatError) {
        do { try lines.close() } catch { throw DatasetFormatError(error) }
    }
}
