#if canImport(Glibc)
import CSystem
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Growable storage of plain values written in place: room is claimed without being initialised, and growth
/// moves pages rather than copying them where it can (`mremap` for large buffers on Linux, `realloc` elsewhere).
/// An array must initialise every element it adds and copies itself when it grows; the memory's posting pool spent
/// a tenth of a replay doing both.
///
/// Value semantics by copy-on-write: a copy shares the buffer until either side writes, and every write goes
/// through ``mutablePointer()`` or ``claim(_:)``, which make the buffer unique first. Only elements below
/// ``count`` that the owner wrote are read.
@_spi(Hot) public struct RawStorage<Element: BitwiseCopyable>: @unchecked Sendable {
    // @unchecked: the buffer is shared only between copies that have not written since; a write copies it first.

    /// The elements' memory: `malloc`ed when small, mapped pages when large (Linux), so that growing a large
    /// buffer remaps its pages instead of copying them. It only owns the memory (and gives copy-on-write its
    /// identity); the storage keeps the pointer, count and capacity itself, so that the inlined paths never touch
    /// a class property (each such access from another module is a runtime exclusivity check).
    @usableFromInline final class Buffer {
        private(set) var base: UnsafeMutablePointer<Element>
        private(set) var capacity: Int
        private var mapped: Bool

        /// Buffers of at least this many bytes are mapped pages (Linux).
        static var mappedBytes: Int { 1 << 16 }

        @usableFromInline init(capacity wanted: Int) {
            let capacity = max(wanted, 16)
            let bytes = capacity * MemoryLayout<Element>.stride
            self.capacity = capacity
            #if canImport(Glibc)
            if bytes >= Buffer.mappedBytes, let raw = Buffer.map(bytes) {
                base = raw.bindMemory(to: Element.self, capacity: capacity)
                mapped = true
                return
            }
            #endif
            // Small, or no mapping to be had (the process's map count or address space is used up): the heap.
            guard let raw = malloc(bytes) else { Buffer.outOfMemory(bytes) }
            base = raw.bindMemory(to: Element.self, capacity: capacity)
            mapped = false
        }

        #if canImport(Glibc)
        /// Fresh zeroed pages of `bytes`, or nil when the system has no mapping to give. The pages are mapped in
        /// at once (`MAP_POPULATE`): the owner fills a buffer soon after claiming it, and one request for all of
        /// them costs less than a fault per page.
        static func map(_ bytes: Int) -> UnsafeMutableRawPointer? {
            let raw = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0)
            guard let raw, raw != MAP_FAILED else { return nil }
            return raw
        }

        /// Linux's `MADV_POPULATE_WRITE` (5.14 and later; older kernels refuse it and the pages fault in one by
        /// one as before).
        static var populateWrite: Int32 { 23 }
        #endif

        static func outOfMemory(_ bytes: Int) -> Never {
            fatalError("out of memory: a buffer of \(bytes) bytes")
        }

        /// A fresh buffer of the same capacity holding the first `count` elements, and its pointer.
        @usableFromInline func copy(count: Int) -> (Buffer, UnsafeMutablePointer<Element>) {
            let fresh = Buffer(capacity: capacity)
            fresh.base.update(from: base, count: count)
            return (fresh, fresh.base)
        }

        /// Grows to at least `wanted` elements (at least doubling), keeping the first `count`; returns the new
        /// pointer and capacity.
        @usableFromInline func grow(to wanted: Int, count: Int) -> (UnsafeMutablePointer<Element>, Int) {
            let capacity = max(wanted, 2 * self.capacity)
            let bytes = capacity * MemoryLayout<Element>.stride
            let used = count * MemoryLayout<Element>.stride
            #if canImport(Glibc)
            if mapped {
                let old = self.capacity * MemoryLayout<Element>.stride
                if let raw = memkit_mremap(base, UInt(old), UInt(bytes)), raw != MAP_FAILED {
                    // The new pages at once, as in `map` (in a replay pass the posting pool's faults had been a
                    // few percent of the time).
                    _ = madvise(raw + old, bytes - old, Buffer.populateWrite)
                    return moved(to: raw, capacity: capacity, mapped: true)
                }
                // No remapping to be had: the elements move to the heap.
                guard let raw = malloc(bytes) else { Buffer.outOfMemory(bytes) }
                raw.copyMemory(from: base, byteCount: used)
                munmap(base, old)
                return moved(to: raw, capacity: capacity, mapped: false)
            }
            if bytes >= Buffer.mappedBytes, let raw = Buffer.map(bytes) {
                raw.copyMemory(from: base, byteCount: used)
                free(base)
                return moved(to: raw, capacity: capacity, mapped: true)
            }
            #endif
            guard let raw = realloc(base, bytes) else { Buffer.outOfMemory(bytes) }
            return moved(to: raw, capacity: capacity, mapped: false)
        }

        private func moved(to raw: UnsafeMutableRawPointer, capacity: Int, mapped: Bool)
            -> (UnsafeMutablePointer<Element>, Int)
        {
            base = raw.bindMemory(to: Element.self, capacity: capacity)
            self.capacity = capacity
            self.mapped = mapped
            return (base, capacity)
        }

        deinit {
            #if canImport(Glibc)
            if mapped {
                munmap(base, capacity * MemoryLayout<Element>.stride)
                return
            }
            #endif
            free(base)
        }
    }

    @usableFromInline var buffer: Buffer
    @usableFromInline var base: UnsafeMutablePointer<Element>
    @usableFromInline var used: Int
    @usableFromInline var capacity: Int

    /// Empty storage with room for `capacity` elements.
    public init(capacity: Int = 0) {
        buffer = Buffer(capacity: capacity)
        base = buffer.base
        used = 0
        self.capacity = buffer.capacity
    }

    /// The number of elements claimed.
    @inlinable public var count: Int { used }

    /// Element `i` (below ``count``, written before).
    @inlinable @inline(__always) public subscript(i: Int) -> Element { base[i] }

    /// A pointer for reading, valid until the next mutation.
    @inlinable @inline(__always) public var pointer: UnsafePointer<Element> { UnsafePointer(base) }

    /// Makes the buffer this storage's own before a write.
    @inlinable @inline(__always) mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&buffer) { (buffer, base) = buffer.copy(count: used) }
    }

    /// A pointer for writing elements below ``count``, valid until the next call that claims room.
    @inlinable @inline(__always) public mutating func mutablePointer() -> UnsafeMutablePointer<Element> {
        makeUnique()
        return base
    }

    /// Claims `n` uninitialised elements at the end and returns the first one's index.
    @inlinable @inline(__always) public mutating func claim(_ n: Int) -> Int {
        makeUnique()
        let start = used
        if start + n > capacity { (base, capacity) = buffer.grow(to: start + n, count: start) }
        used = start + n
        return start
    }

    /// Drops the elements from `count` on (their room stays with the buffer).
    @inlinable @inline(__always) public mutating func truncate(to count: Int) {
        precondition(count >= 0 && count <= used, "truncate past the end")
        used = count
    }

}
