/// A fictitious world generated from a seed: people, places, organisations and artifacts with invented names,
/// so that no answer can be known before reading the data (what Mem-α's closed-book filter tried to ensure).
public struct World: Sendable {
    /// A person and their attributes, as strings (made on demand by ``person(_:)``).
    public struct Person: Sendable, Equatable {
        public var name: String
        public var home: String
        public var occupation: String
        public var employer: String
        public var birthYear: Int
        public var pet: String
        public var instrument: String
    }

    /// A person as positions in the world's byte tables: the full name at `names[nameStart ..< nameEnd]`, each
    /// attribute a value id (see ``valueBytes``). Worlds of 600 people are made and dropped for every instance; as
    /// strings, their 4,200 fields cost more than the rest of the world and were retained and released each time a
    /// sentence read them.
    struct Record: Sendable, Equatable {
        var nameStart: Int32
        var nameEnd: Int32
        var home: UInt16
        var occupation: UInt16
        var employer: UInt16
        var pet: UInt16
        var instrument: UInt16
        var birthYear: Int16
    }

    /// An organisation and its attributes.
    public struct Organisation: Sendable, Equatable {
        public var name: String
        public var headquarters: String
        public var founded: Int
    }

    // Constants: the tables below are derived from one another.
    let records: [Record]
    /// The people's full names back to back.
    let names: [UInt8]
    /// Every attribute value (places, then organisations, occupations, pets and instruments) back to back: value
    /// `v` is `valueBytes[valueStarts[v] ..< valueStarts[v + 1]]`, and `valueStrings[v]` as a string.
    let valueBytes: [UInt8]
    let valueStarts: [Int32]
    let valueStrings: [String]
    public let organisationDetails: [Organisation]
    public let places: [String]
    public let organisations: [String]
    public let occupations: [String]
    public let pets: [String]
    public let instruments: [String]

    /// The number of people.
    public var peopleCount: Int { records.count }

    /// Person `k` (`0 ..< peopleCount`), with its fields as strings.
    public func person(_ k: Int) -> Person {
        let r = records[k]
        return Person(
            name: String(decoding: names[Int(r.nameStart)..<Int(r.nameEnd)], as: UTF8.self),
            home: valueStrings[Int(r.home)], occupation: valueStrings[Int(r.occupation)],
            employer: valueStrings[Int(r.employer)], birthYear: Int(r.birthYear), pet: valueStrings[Int(r.pet)],
            instrument: valueStrings[Int(r.instrument)])
    }

    static let onsets = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr", "gl", "kr",
                         "st", "th", "tr", "sh", "ch", "qu", "w", "h", "j", "y"]
    static let vowels = ["a", "e", "i", "o", "u", "ai", "ea", "io", "ou", "y"]
    static let codas = ["", "", "n", "r", "l", "s", "th", "m", "x", "nd", "rk", "v"]
    /// The syllable parts as one byte table: `partBytes[partStarts[i] ..< partStarts[i + 1]]` is part `i`, the
    /// onsets first, then the vowels, then the codas (names are built without string concatenation).
    static let partBytes: [UInt8] = (onsets + vowels + codas).flatMap { Array($0.utf8) }
    static let partStarts: [Int] = (onsets + vowels + codas).reduce(into: [0]) {
        $0.append(($0.last ?? 0) + $1.utf8.count)
    }

    /// Invents a capitalised word of `syllables` syllables.
    static func inventWord(_ rng: inout SeededRandom, syllables: ClosedRange<Int>) -> String {
        inventWord(&rng, syllables: syllables, suffix: "")
    }

    /// Invents a capitalised word of `syllables` syllables followed by `suffix`, drawing from `rng` exactly as
    /// one onset, one vowel and one coda per syllable.
    /// - Complexity: O(length); one allocation at most (short names are stored inline).
    static func inventWord(_ rng: inout SeededRandom, syllables: ClosedRange<Int>, suffix: String) -> String {
        var suffix = suffix
        return suffix.withUTF8 { tail in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxWordLength(syllables, tail.count)) { word in
                let n = writeWord(&rng, syllables, tail, word)
                return String(decoding: UnsafeBufferPointer(rebasing: word[0..<n]), as: UTF8.self)
            }
        }
    }

    /// The most bytes a word of `syllables` syllables and a `tail`-byte suffix takes: a syllable is at most
    /// 2 + 2 + 2 bytes.
    static func maxWordLength(_ syllables: ClosedRange<Int>, _ tail: Int) -> Int { 6 * syllables.upperBound + tail }

    /// Writes an invented word (the draws of ``inventWord(_:syllables:suffix:)``) followed by `tail` into `word`,
    /// which has room for ``maxWordLength(_:_:)`` bytes, and returns its length.
    @inline(__always)
    static func writeWord(_ rng: inout SeededRandom, _ syllables: ClosedRange<Int>, _ tail: UnsafeBufferPointer<UInt8>,
                          _ word: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let syllableCount = rng.uniform(in: syllables)
        var length = 0
        partBytes.withUnsafeBufferPointer { bytes in
            partStarts.withUnsafeBufferPointer { starts in
                @inline(__always) func appendPart(_ offset: Int, _ count: Int) {
                    let part = offset + rng.uniform(below: count)
                    for k in starts[part]..<starts[part + 1] {
                        word[length] = bytes[k]
                        length += 1
                    }
                }
                for _ in 0..<syllableCount {
                    appendPart(0, onsets.count)
                    appendPart(onsets.count, vowels.count)
                    appendPart(onsets.count + vowels.count, codas.count)
                }
            }
        }
        // The parts are lowercase ASCII letters: capitalise the first one.
        if length > 0, word[0] >= 0x61 && word[0] <= 0x7A { word[0] -= 32 }
        for byte in tail {
            word[length] = byte
            length += 1
        }
        return length
    }

    /// Invents `count` distinct names (none equal to any name in `taken`, which receives them).
    static func inventNames(_ rng: inout SeededRandom, count: Int, syllables: ClosedRange<Int>, suffix: String = "",
                            taken: inout NameSet) -> [String] {
        var bytes = ByteArena(capacity: 16 * count)
        var ends: [Int] = []
        inventNames(&rng, count: count, syllables: syllables, suffix: suffix, taken: &taken, into: &bytes, ends: &ends)
        return ends.indices.map { String(decoding: bytes.bytes(nameRange($0, ends)), as: UTF8.self) }
    }

    /// Invents `count` distinct names, each checked for uniqueness on its bytes, and appends their bytes to `bytes`
    /// and each one's end offset there to `ends` (no strings are made).
    static func inventNames(_ rng: inout SeededRandom, count: Int, syllables: ClosedRange<Int>, suffix: String = "",
                            taken: inout NameSet, into bytes: inout ByteArena, ends: inout [Int]) {
        ends.reserveCapacity(ends.count + count)
        var made = 0
        var suffix = suffix
        suffix.withUTF8 { tail in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxWordLength(syllables, tail.count)) { word in
                guard let base = word.baseAddress else { return }
                while made < count {
                    let n = writeWord(&rng, syllables, tail, word)
                    if taken.insert(base, n) {
                        bytes.put(base, n)
                        ends.append(bytes.count)
                        made += 1
                    }
                }
            }
        }
    }

    /// Name `k`'s byte range, given each name's end offset.
    static func nameRange(_ k: Int, _ ends: [Int]) -> Range<Int> { (k == 0 ? 0 : ends[k - 1])..<ends[k] }

    /// Generates a world with `people` persons.
    public init(seed: UInt64, people count: Int) {
        precondition(count >= 0 && count < 1 << 20, "a world holds fewer than 2^20 people")
        var rng = SeededRandom(seed: seed, stream: 0x5757)
        var taken = NameSet(expected: 2 * count + 40)
        places = World.inventNames(&rng, count: 24, syllables: 2...3, taken: &taken)
        organisations = World.inventNames(&rng, count: 16, syllables: 2...3, suffix: " Works", taken: &taken)
        occupations = ["glassblower", "cartographer", "beekeeper", "clockmaker", "ferry pilot", "luthier",
                       "archivist", "stonemason", "botanist", "printer", "tailor", "surveyor", "brewer", "weaver"]
        pets = ["tortoise", "parrot", "ferret", "greyhound", "goldfish", "cockatoo", "hedgehog", "rabbit", "iguana"]
        instruments = ["cello", "oboe", "harp", "banjo", "accordion", "bassoon", "zither", "trombone", "lute"]
        valueStrings = places + organisations + occupations + pets + instruments
        valueBytes = valueStrings.flatMap { Array($0.utf8) }
        valueStarts = valueStrings.reduce(into: [0]) { $0.append($0[$0.count - 1] + Int32($1.utf8.count)) }
        // Value ids of the first of each table.
        let organisationBase = places.count
        let occupationBase = organisationBase + organisations.count
        let petBase = occupationBase + occupations.count
        let instrumentBase = petBase + pets.count
        // The first and last names' bytes are kept back to back, so that full names are built from bytes.
        var nameBytes = ByteArena(capacity: 24 * count)
        var ends: [Int] = []
        World.inventNames(&rng, count: count, syllables: 2...2, taken: &taken, into: &nameBytes, ends: &ends)
        World.inventNames(&rng, count: count, syllables: 2...3, taken: &taken, into: &nameBytes, ends: &ends)
        var names: [UInt8] = []
        names.reserveCapacity(nameBytes.count + count)
        var records: [Record] = []
        records.reserveCapacity(count)
        for k in 0..<count {
            let start = Int32(names.count)
            names.append(contentsOf: nameBytes.bytes(World.nameRange(k, ends)))
            names.append(0x20)
            names.append(contentsOf: nameBytes.bytes(World.nameRange(count + k, ends)))
            // The draws of the string version, in its order (`pick` draws one index below the count).
            let home = rng.uniform(below: places.count)
            let occupation = rng.uniform(below: occupations.count)
            let employer = rng.uniform(below: organisations.count)
            let birthYear = rng.uniform(in: 1931...2004)
            let pet = rng.uniform(below: pets.count)
            let instrument = rng.uniform(below: instruments.count)
            records.append(Record(
                nameStart: start, nameEnd: Int32(names.count), home: UInt16(home),
                occupation: UInt16(occupationBase + occupation), employer: UInt16(organisationBase + employer),
                pet: UInt16(petBase + pet), instrument: UInt16(instrumentBase + instrument),
                birthYear: Int16(birthYear)))
        }
        self.records = records
        self.names = names
        var details: [Organisation] = []
        for name in organisations {
            details.append(Organisation(name: name, headquarters: rng.pick(places),
                                        founded: rng.uniform(in: 1850...1999)))
        }
        organisationDetails = details
    }
}
