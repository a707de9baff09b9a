#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin wrappers over POSIX file calls that retry on `EINTR` and turn failures into ``JSONLinesError``.
package enum FileIO {
    /// The text of the current `errno`.
    package static func lastErrorText() -> String {
        String(cString: strerror(errno))
    }

    /// Opens `path` for reading; `-` is standard input.
    package static func openForReading(_ path: String) throws(JSONLinesError) -> Int32 {
        if path == "-" { return STDIN_FILENO }
        var fd: Int32
        repeat { fd = open(path, O_RDONLY | O_CLOEXEC) } while fd < 0 && errno == EINTR
        if fd < 0 {
            throw JSONLinesError(.openFailed, "cannot open for reading: \(lastErrorText())", path: path)
        }
        var info = stat()
        if fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw JSONLinesError(.openFailed, "is a directory, not a file", path: path)
        }
        return fd
    }

    /// Reads up to `count` bytes; returns 0 at end of file.
    package static func read(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, path: String,
                             offset: Int) throws(JSONLinesError) -> Int {
        while true {
            let n = Glibc.read(fd, buffer, count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw JSONLinesError(.ioFailed, "read failed: \(lastErrorText())", path: path, offset: offset)
        }
    }

    /// Closes a descriptor.
    package static func closeDescriptor(_ fd: Int32) -> Int32 { close(fd) }

    /// Writes all `count` bytes.
    package static func writeAll(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int, path: String)
        throws(JSONLinesError)
    {
        var done = 0
        while done < count {
            let n = Glibc.write(fd, buffer + done, count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw JSONLinesError(.ioFailed, "write failed: \(lastErrorText())", path: path)
            }
            done += n
        }
    }
}
