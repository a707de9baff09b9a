import Tokenizer

extension InstanceAssembler {
    /// What counting by shape learns during one instance's assembly (see ``SentenceShape``).
    struct ShapeMemo {
        /// `fixed[t]` is the count of template `t`'s fixed segments, or -1 until a sentence of it has been counted in
        /// full.
        var fixed: [Int] = []
        /// `keyed[2k]` is the count of a space followed by the value of key `k`, and `keyed[2k + 1]` the count of the
        /// same followed by a full stop; -1 until counted.
        var keyed: [Int32] = []
    }

    /// Appends a sentence to `arena` with the joiner around it (`write` appends the sentence's bytes and, for a
    /// templated one, its shape) and returns its item, counted as it occupies a chunk body after its first item
    /// (prefix, text, suffix), with what `shapes` has learned (see ``countShaped(_:_:_:_:_:)``).
    func appendItem(to arena: inout ByteArena, _ prefix: [UInt8], _ suffix: [UInt8], fact: Int, isEvidence: Bool = true,
                    _ shapes: inout ShapeMemo, _ cache: inout TokenCountCache,
                    _ write: (inout ByteArena, inout SentenceShape) -> Void) -> Item {
        let joined = arena.count
        arena.put(prefix)
        let text = arena.count
        var shape = SentenceShape()
        write(&arena, &shape)
        let end = arena.count
        arena.put(suffix)
        let tokens = countShaped(arena, joined, shape, &shapes, &cache)
        return Item(text: text, end: end, tokens: tokens, fact: fact, isEvidence: isEvidence)
    }

    /// Appends distractors `items.count ..< n` to `arena` and `items`.
    func appendDistractors(upTo n: Int, _ plan: PatternPlan, _ prefix: [UInt8], _ suffix: [UInt8],
                           _ items: inout [Item], _ arena: inout ByteArena, _ cache: inout TokenCountCache,
                           _ shapes: inout ShapeMemo) {
        // The writer is taken out of the plan once, outside the loop: taken per sentence, the closure was retained
        // and released each time (an atomic operation on one shared object). Two loops, not one loop over a writer
        // that wraps `plan.distractor` when there is none: that cost ar-doc 0.12 M instructions per instance.
        if let write = plan.appendDistractor {
            while items.count < n {
                let index = items.count
                items.append(appendItem(to: &arena, prefix, suffix, fact: -1, &shapes, &cache) { out, shape in
                    write(index, &out, &shape)
                })
            }
        } else {
            while items.count < n {
                let index = items.count
                items.append(appendItem(to: &arena, prefix, suffix, fact: -1, &shapes, &cache) { out, _ in
                    out.put(plan.distractor(index))
                })
            }
        }
    }

    /// The count of the item at `joined ..< arena.count` written with `shape`: the template's fixed count plus the
    /// counts of the glues around its values, or the full count (which also teaches `shapes` the template's
    /// constant) when the template's constant is not known yet or the shape does not apply.
    ///
    /// A keyed value whose glue is exactly a space and the value, or (for a recurring value) those and a full stop
    /// (the space is a word boundary or the item's first byte, and a space or the item's end follows) is counted once
    /// per instance and then taken from `shapes` by its key: no segment of it is looked up again. The count is the
    /// same either way, since a glue's count is the count of its bytes alone.
    /// - Complexity: O(length of the glues of unkeyed values) once the template is known, instead of O(length of the
    ///   item).
    func countShaped(_ arena: borrowing ByteArena, _ joined: Int, _ shape: SentenceShape, _ shapes: inout ShapeMemo,
                     _ cache: inout TokenCountCache) -> Int {
        let whole = arena.bytes(joined..<arena.count)
        guard let base = whole.baseAddress, shape.template >= 0, shape.count > 0,
              shape.count <= SentenceShape.capacity else {
            return encoding.count(utf8: whole, cache: &cache)
        }
        let n = whole.count
        var glues = 0
        var glueStart = -1
        var glueEnd = -1
        for k in 0..<shape.count {
            let (start, end, key) = shape.value(k)
            let s = start - joined
            let e = end - joined
            // A value must end with a printable ASCII byte, so that a space after it is a boundary as after fixed
            // text; otherwise the fixed segments could differ between sentences of the template.
            guard e > s, s >= 0, e <= n, base[e - 1] >= 0x21 && base[e - 1] <= 0x7E else {
                return encoding.count(utf8: whole, cache: &cache)
            }
            if key >= 0 && s >= 1 && base[s - 1] == 0x20 && (s == 1 || Encoding.isBoundary(base, n, at: s - 1)) {
                // The glue is the space and the value, or those and a full stop, when a space or the item's end
                // follows. The previous glue ends at a boundary at or before the space.
                let variant: Int
                if e == n || base[e] == 0x20 {
                    variant = 0
                } else if shape.recurs(k) && base[e] == 0x2E && (e + 1 == n || base[e + 1] == 0x20)
                            && (k + 1 == shape.count || shape.value(k + 1).start - joined > e + 1) {
                    variant = 1  // (the full stop is not the start of the next value)
                } else {
                    variant = -1
                }
                if variant >= 0 {
                    if glueStart >= 0 {
                        glues += encoding.count(
                            utf8: UnsafeBufferPointer(start: base + glueStart, count: glueEnd - glueStart),
                            cache: &cache)
                        glueStart = -1
                    }
                    let glue = UnsafeBufferPointer(start: base + s - 1, count: e - s + 1 + variant)
                    glues += keyedCount(2 * Int(key) + variant, glue, &shapes, &cache)
                    continue
                }
            }
            var gs = s
            while gs > 0 && !Encoding.isBoundary(base, n, at: gs) { gs -= 1 }
            var ge = e
            while ge < n && !Encoding.isBoundary(base, n, at: ge) { ge += 1 }
            if glueStart >= 0 && gs < glueEnd {
                glueEnd = max(glueEnd, ge)  // the value shares a segment with the previous glue
            } else {
                if glueStart >= 0 {
                    glues += encoding.count(
                        utf8: UnsafeBufferPointer(start: base + glueStart, count: glueEnd - glueStart), cache: &cache)
                }
                glueStart = gs
                glueEnd = ge
            }
        }
        if glueStart >= 0 {
            glues += encoding.count(utf8: UnsafeBufferPointer(start: base + glueStart, count: glueEnd - glueStart),
                                    cache: &cache)
        }
        if shape.template >= shapes.fixed.count {
            shapes.fixed += Array(repeating: -1, count: shape.template + 1 - shapes.fixed.count)
        }
        if shapes.fixed[shape.template] >= 0 { return shapes.fixed[shape.template] + glues }
        let full = encoding.count(utf8: whole, cache: &cache)
        shapes.fixed[shape.template] = full - glues
        return full
    }

    /// The count of `glue` (a keyed value's, see ``ShapeMemo/keyed``), remembered in `shapes` at `k`.
    @inline(__always)
    func keyedCount(_ k: Int, _ glue: UnsafeBufferPointer<UInt8>, _ shapes: inout ShapeMemo,
                    _ cache: inout TokenCountCache) -> Int {
        if k < shapes.keyed.count {
            let known = shapes.keyed.withUnsafeBufferPointer { $0[k] }
            if known >= 0 {
                assert(Int(known) == encoding.count(utf8: glue), "shape key \(k / 2) was given to different values")
                return Int(known)
            }
        } else {
            shapes.keyed += Array(repeating: -1, count: k + 1 - shapes.keyed.count)
        }
        // Counted once: its segments are not put in the cache's segment table, where they would displace recurring
        // ones.
        let counted = encoding.countOnce(utf8: glue, cache: &cache)
        shapes.keyed[k] = Int32(counted)
        return counted
    }
}
