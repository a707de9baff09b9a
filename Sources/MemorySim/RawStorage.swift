#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Growable storage of plain values written in place: room is claimed without being initialised, and growth is
/// one `realloc` (for large blocks the C library moves the pages instead of copying them). An array must
/// initialise every element it adds and copies itself when it grows; the posting pool spent a tenth of a replay
/// doing both.
///
/// Value semantics by copy-on-write: a copy shares the buffer until either side writes, and every write goes
/// through ``mutablePointer()``, which makes the buffer unique first. Only elements below ``count`` that the owner
/// wrote are read.
struct RawStorage<Element: BitwiseCopyable>: @unchecked Sendable {
    // @unchecked: the buffer is shared only between copies that have not written since; a write copies it first.

    final class Buffer {
        var base: UnsafeMutablePointer<Element>
        var count: Int
        var capacity: Int

        init(capacity: Int) {
            let capacity = max(capacity, 16)
            guard let raw = malloc(capacity * MemoryLayout<Element>.stride) else {
                fatalError("out of memory: \(capacity) elements of \(MemoryLayout<Element>.stride) bytes")
            }
            base = raw.bindMemory(to: Element.self, capacity: capacity)
            count = 0
            self.capacity = capacity
        }

        func copy() -> Buffer {
            let fresh = Buffer(capacity: capacity)
            fresh.base.update(from: base, count: count)
            fresh.count = count
            return fresh
        }

        func grow(to wanted: Int) {
            let capacity = max(wanted, 2 * self.capacity)
            guard let raw = realloc(base, capacity * MemoryLayout<Element>.stride) else {
                fatalError("out of memory: \(capacity) elements of \(MemoryLayout<Element>.stride) bytes")
            }
            base = raw.bindMemory(to: Element.self, capacity: capacity)
            self.capacity = capacity
        }

        deinit { free(base) }
    }

    var buffer: Buffer

    /// Empty storage with room for `capacity` elements.
    init(capacity: Int = 0) { buffer = Buffer(capacity: capacity) }

    /// The number of elements claimed.
    var count: Int { buffer.count }

    /// Element `i` (below ``count``, written before).
    @inline(__always) subscript(i: Int) -> Element { buffer.base[i] }

    /// A pointer for reading, valid until the next mutation.
    @inline(__always) var pointer: UnsafePointer<Element> { UnsafePointer(buffer.base) }

    /// A pointer for writing elements below ``count``, valid until the next call that claims room.
    @inline(__always) mutating func mutablePointer() -> UnsafeMutablePointer<Element> {
        if !isKnownUniquelyReferenced(&buffer) { buffer = buffer.copy() }
        return buffer.base
    }

    /// Claims `n` uninitialised elements at the end and returns the first one's index.
    @inline(__always) mutating func claim(_ n: Int) -> Int {
        if !isKnownUniquelyReferenced(&buffer) { buffer = buffer.copy() }
        let start = buffer.count
        if start + n > buffer.capacity { buffer.grow(to: start + n) }
        buffer.count = start + n
        return start
    }

    /// Drops the elements from `count` on (their room stays claimed by the buffer).
    @inline(__always) mutating func truncate(to count: Int) {
        precondition(count >= 0 && count <= buffer.count, "truncate past the end")
        if !isKnownUniquelyReferenced(&buffer) { buffer = buffer.copy() }
        buffer.count = count
    }

    /// Appends one element.
    @inline(__always) mutating func append(_ element: Element) {
        let i = claim(1)
        buffer.base[i] = element
    }
}
