import CZlib

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A JSON Lines writer, plain or gzip, that never leaves a half-written file at its destination.
///
/// Output goes to a hidden temporary file in the destination's directory, which ``close()`` flushes, syncs
/// and renames into place. A writer that is dropped without ``close()`` (or after an error) removes its
/// temporary file, so the destination is either absent, its previous version, or complete.
/// The path `-` writes to standard output directly.
public final class JSONLinesWriter {
    /// How the output is encoded.
    public enum Compression: Sendable, Equatable {
        /// Plain UTF-8 text.
        case none
        /// gzip at the given level (0–9, as zlib's), written as members of about ``gzipMemberSize`` bytes of input.
        case gzip(level: Int)

        /// gzip at level 6 when `path` ends in `.gz`, plain otherwise.
        public static func inferred(from path: String) -> Compression {
            path.hasSuffix(".gz") ? .gzip(level: 6) : .none
        }
    }

    /// The destination path (`-` for standard output).
    public let path: String
    /// The encoding in use.
    public let compression: Compression
    /// The number of lines written so far.
    public private(set) var linesWritten = 0
    /// The uncompressed bytes written so far.
    public private(set) var bytesWritten = 0

    let temporaryPath: String?
    var fd: Int32
    var pending: [UInt8] = []
    let flushThreshold: Int
    var deflater: Deflater?

    /// The uncompressed size of each gzip member (at least; a member ends at a line end).
    public static let gzipMemberSize = 1 << 20
    var closed = false

    /// Opens a writer for `path`.
    /// - Parameters:
    ///   - compression: the encoding; by default inferred from the path (`.gz` means gzip level 6).
    ///   - bufferSize: how many uncompressed bytes are collected before they are compressed and written.
    public init(path: String, compression: Compression? = nil, bufferSize: Int = 1 << 18) throws(JSONLinesError) {
        let chosen = compression ?? .inferred(from: path)
        if case .gzip(let level) = chosen { precondition((0...9).contains(level), "gzip level must be 0...9") }
        self.path = path
        self.compression = chosen
        // gzip output is compressed a member at a time, so it collects at least a member's worth of input.
        let threshold = chosen == .none ? bufferSize : max(bufferSize, JSONLinesWriter.gzipMemberSize)
        self.flushThreshold = threshold
        pending.reserveCapacity(threshold + 4096)
        if path == "-" {
            fd = STDOUT_FILENO
            temporaryPath = nil
        } else {
            let (descriptor, temp) = try JSONLinesWriter.createTemporary(for: path)
            fd = descriptor
            temporaryPath = temp
        }
        if case .gzip(let level) = chosen {
            do {
                deflater = try Deflater(level: level, path: path)
            } catch {
                discard()
                throw error
            }
        }
    }

    deinit { discard() }

    static func createTemporary(for path: String) throws(JSONLinesError) -> (Int32, String) {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard !name.isEmpty else {
            throw JSONLinesError(.unwritable, "the destination names a directory, not a file", path: path)
        }
        let prefix = (directory.isEmpty ? "" : directory + "/") + "." + name + ".tmp-\(getpid())-"
        var attempt = 0
        while true {
            let candidate = prefix + String(UInt32(truncatingIfNeeded: attempt &* 2_654_435_761), radix: 16)
            let fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if fd >= 0 { return (fd, candidate) }
            if errno == EEXIST && attempt < 1000 {
                attempt += 1
                continue
            }
            throw JSONLinesError(.unwritable,
                "cannot create a temporary file in '\(directory)': \(FileIO.lastErrorText())", path: path)
        }
    }

    /// Appends one JSON value as a line.
    /// - Complexity: O(size of the serialized value).
    public func write(_ value: JSONValue) throws(JSONLinesError) {
        try write(serializing: { value.serialize(into: &$0) })
    }

    /// Appends one line that `body` serializes straight into the writer's buffer (no intermediate value): `body`
    /// must append exactly one compact JSON text, without `\n`. Every write goes through here.
    package func write(serializing body: (inout [UInt8]) -> Void) throws(JSONLinesError) {
        precondition(!closed, "write after close")
        let before = pending.count
        body(&pending)
        pending.append(0x0A)
        linesWritten += 1
        bytesWritten += pending.count - before
        if pending.count >= flushThreshold { try flushPending() }
    }

    /// Appends raw bytes that already form one JSON text, followed by `\n`. The bytes must not contain `\n`.
    public func writeLine(_ bytes: some Collection<UInt8>) throws(JSONLinesError) {
        try write(serializing: { $0.append(contentsOf: bytes) })
    }

    func flushPending(finish: Bool = false) throws(JSONLinesError) {
        let outcome: JSONLinesError? = pending.withUnsafeBufferPointer { raw -> JSONLinesError? in
            do throws(JSONLinesError) {
                if let deflater {
                    try deflater.compress(raw, finish: finish) { (out) throws(JSONLinesError) in
                        try FileIO.writeAll(fd, UnsafeRawPointer(out.baseAddress!), out.count, path: path)
                    }
                } else if let base = raw.baseAddress, raw.count > 0 {
                    try FileIO.writeAll(fd, UnsafeRawPointer(base), raw.count, path: path)
                }
                return nil
            } catch {
                return error
            }
        }
        if let outcome {
            discard()
            throw outcome
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// Finishes the stream, syncs it to disk and renames it into place. Calling it twice is harmless.
    public func close() throws(JSONLinesError) {
        if closed { return }
        try flushPending(finish: true)
        closed = true
        deflater = nil
        guard let temporaryPath else { return }
        if fsync(fd) != 0 && errno != EINVAL {
            let text = FileIO.lastErrorText()
            Glibc.close(fd)
            unlink(temporaryPath)
            throw JSONLinesError(.ioFailed, "fsync failed: \(text)", path: path)
        }
        Glibc.close(fd)
        if rename(temporaryPath, path) != 0 {
            let text = FileIO.lastErrorText()
            unlink(temporaryPath)
            throw JSONLinesError(.unwritable, "cannot rename the finished file into place: \(text)", path: path)
        }
    }

    /// Abandons the output: the temporary file is removed and the destination is left untouched.
    public func discard() {
        if closed { return }
        closed = true
        deflater = nil
        if let temporaryPath {
            Glibc.close(fd)
            unlink(temporaryPath)
        }
    }
}
