extension World {
    /// The world's byte tables seen through pointers, for writers that put many sentences about its people: a
    /// person is read in place (a trivial record) and a name or value is copied from bytes, so nothing is retained.
    /// Valid only inside ``withTables(_:)``.
    struct Tables {
        let records: UnsafeBufferPointer<Record>
        let names: UnsafeBufferPointer<UInt8>
        let valueBytes: UnsafeBufferPointer<UInt8>
        let valueStarts: UnsafeBufferPointer<Int32>
        /// The number of places: they are values `0 ..< placeCount`.
        let placeCount: Int

        /// The number of people.
        var peopleCount: Int { records.count }

        /// The number of attribute values (value ids are `0 ..< valueCount`).
        var valueCount: Int { valueStarts.count - 1 }

        /// Shape keys (see `SentenceShape.keys`) for the world's values, distinct within one world: person `k`'s
        /// name, value `v`, and the four articles. Years are not keyed: they recur from instance to instance, so the
        /// cache's segment table holds them warm, and a per-instance first count of each cost more than it saved.
        @inline(__always) func nameKey(_ k: Int) -> Int32 { Int32(k) }
        @inline(__always) func valueKey(_ v: Int) -> Int32 { Int32(peopleCount + v) }
        @inline(__always) func articleKey(an: Bool, capital: Bool) -> Int32 {
            Int32(peopleCount + valueCount + (an ? 1 : 0) + (capital ? 2 : 0))
        }

        /// Appends the full name of `r` to `out`.
        @inline(__always)
        func putName(_ r: Record, _ out: inout ByteArena) {
            guard let base = names.baseAddress else { return }
            out.put(base + Int(r.nameStart), Int(r.nameEnd - r.nameStart))
        }

        /// Appends value `v`'s bytes to `out`.
        @inline(__always)
        func putValue(_ v: Int, _ out: inout ByteArena) {
            guard let base = valueBytes.baseAddress else { return }
            let start = Int(valueStarts[v])
            out.put(base + start, Int(valueStarts[v + 1]) - start)
        }

        /// The first byte of value `v` (values are never empty).
        @inline(__always)
        func firstByte(_ v: Int) -> UInt8 { valueBytes[Int(valueStarts[v])] }
    }

    /// Calls `body` with the world's tables.
    @inline(__always)
    func withTables<R>(_ body: (Tables) -> R) -> R {
        records.withUnsafeBufferPointer { records in
            names.withUnsafeBufferPointer { names in
                valueBytes.withUnsafeBufferPointer { valueBytes in
                    valueStarts.withUnsafeBufferPointer { valueStarts in
                        body(Tables(records: records, names: names, valueBytes: valueBytes, valueStarts: valueStarts,
                                    placeCount: places.count))
                    }
                }
            }
        }
    }
}
