import JSONLines

/// Reads transcript events (schema `memkit.transcript/1`) from a JSON Lines file, plain or gzip.
public final class TranscriptReader {
    let lines: JSONLinesReader

    /// Opens `path` (`-` for standard input).
    public init(path: String, maxLineBytes: Int = JSONLinesReader.defaultMaxLineBytes) throws(DatasetFormatError) {
        lines = try JSONLinesReader.opened(path: path, maxLineBytes: maxLineBytes)
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
        lines = try JSONLinesWriter.opened(path: path, compression: compression)
    }

    /// Appends one event.
    public func write(_ event: TranscriptEvent) throws(DatasetFormatError) { try lines.writeRecord(event.json) }

    /// Finishes the file and renames it into place.
    public func close() throws(DatasetFormatError) { try lines.closeRecords() }
}
