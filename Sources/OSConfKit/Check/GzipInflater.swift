/// A gzip (RFC 1952) member decompressed in Swift (DEFLATE, RFC 1951): how `check` opens the
/// main archive of an initramfs that initramfs-tools or dracut compressed with gzip, without
/// running a program. xz, zstd and lz4 are not decompressed.
struct GzipInflater {
    /// Why a stream could not be decompressed.
    struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    private let input: [UInt8]
    private var position: Int
    private var bitBuffer: UInt64 = 0
    private var bitCount = 0
    private var output: [UInt8] = []
    private let limit: Int

    /// Decompresses the gzip member at `offset` of `bytes`; fails on a damaged stream or when
    /// the output would exceed `limit` bytes (a bomb). Returns the output and the offset after
    /// the member's trailer.
    static func gunzip(_ bytes: [UInt8], at offset: Int, limit: Int) throws(Failure) -> (output: [UInt8], end: Int) {
        var inflater = GzipInflater(input: bytes, position: offset, limit: limit)
        try inflater.skipHeader()
        try inflater.inflate()
        // Whole bytes read ahead into the bit buffer belong to the trailer.
        let end = inflater.position - inflater.bitCount / 8 + 8
        guard end <= bytes.count else { throw Failure("the gzip trailer is cut off") }
        let size =
            UInt32(bytes[end - 4]) | UInt32(bytes[end - 3]) << 8 | UInt32(bytes[end - 2]) << 16
            | UInt32(bytes[end - 1]) << 24
        guard size == UInt32(truncatingIfNeeded: inflater.output.count) else {
            throw Failure("the gzip trailer's size does not match the data")
        }
        return (inflater.output, end)
    }

    private init(input: [UInt8], position: Int, limit: Int) {
        self.input = input
        self.position = position
        self.limit = limit
    }

    private mutating func skipHeader() throws(Failure) {
        guard position + 10 <= input.count, input[position] == 0x1f, input[position + 1] == 0x8b,
            input[position + 2] == 8
        else { throw Failure("not a gzip deflate stream") }
        let flags = input[position + 3]
        position += 10
        if flags & 4 != 0 {
            guard position + 2 <= input.count else { throw Failure("the gzip header is cut off") }
            position += 2 + (Int(input[position]) | Int(input[position + 1]) << 8)
        }
        for flag in [UInt8(8), 16] where flags & flag != 0 {
            while position < input.count, input[position] != 0 { position += 1 }
            position += 1
        }
        if flags & 2 != 0 { position += 2 }
        guard position <= input.count else { throw Failure("the gzip header is cut off") }
    }

    /// `count` bits, least significant first; zeros past the end (caught by the length checks).
    private mutating func bits(_ count: Int) throws(Failure) -> Int {
        while bitCount < count {
            guard position < input.count else { throw Failure("the deflate stream is cut off") }
            bitBuffer |= UInt64(input[position]) << UInt64(bitCount)
            position += 1
            bitCount += 8
        }
        let value = Int(bitBuffer & ((1 << UInt64(count)) - 1))
        bitBuffer >>= UInt64(count)
        bitCount -= count
        return value
    }

    /// A canonical Huffman code as a lookup table indexed by the next `maxLength` bits
    /// (reversed, as DEFLATE stores codes most significant bit first): symbol << 4 | length.
    private struct Table {
        var entries: [Int32]
        var maxLength: Int

        init(lengths: [Int]) throws(Failure) {
            maxLength = max(1, lengths.max() ?? 1)
            entries = [Int32](repeating: -1, count: 1 << maxLength)
            var counts = [Int](repeating: 0, count: 16)
            for length in lengths where length > 0 { counts[length] += 1 }
            var next = [Int](repeating: 0, count: 16)
            var code = 0
            for length in 1..<16 {
                code = (code + counts[length - 1]) << 1
                next[length] = code
            }
            for (symbol, length) in lengths.enumerated() where length > 0 {
                let value = next[length]
                next[length] += 1
                guard value < 1 << length else { throw Failure("an over-subscribed Huffman code") }
                var reversed = 0
                for bit in 0..<length where value & (1 << bit) != 0 { reversed |= 1 << (length - 1 - bit) }
                var index = reversed
                while index < entries.count {
                    entries[index] = Int32(symbol << 4 | length)
                    index += 1 << length
                }
            }
        }
    }

    private mutating func decode(_ table: Table) throws(Failure) -> Int {
        while bitCount < table.maxLength, position < input.count {
            bitBuffer |= UInt64(input[position]) << UInt64(bitCount)
            position += 1
            bitCount += 8
        }
        let entry = Int(table.entries[Int(bitBuffer & ((1 << UInt64(table.maxLength)) - 1))])
        guard entry >= 0, entry & 15 <= bitCount else { throw Failure("an invalid Huffman code") }
        bitBuffer >>= UInt64(entry & 15)
        bitCount -= entry & 15
        return entry >> 4
    }

    private static let lengthBase = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227,
        258,
    ]
    private static let lengthExtra = [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ]
    private static let distanceBase = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097,
        6145, 8193, 12289, 16385, 24577,
    ]
    private static let distanceExtra = [
        0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
    ]
    /// The order in which a dynamic block lists the code-length code's lengths.
    private static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    private mutating func inflate() throws(Failure) {
        var last = false
        while !last {
            last = try bits(1) == 1
            switch try bits(2) {
            case 0: try stored()
            case 1:
                let literals = try Table(
                    lengths: [Int](repeating: 8, count: 144) + [Int](repeating: 9, count: 112)
                        + [Int](repeating: 7, count: 24) + [Int](repeating: 8, count: 8))
                try codes(literals, Table(lengths: [Int](repeating: 5, count: 30)))
            case 2: try dynamic()
            default: throw Failure("a deflate block of reserved type 3")
            }
        }
    }

    private mutating func stored() throws(Failure) {
        bitBuffer = 0
        bitCount = 0
        guard position + 4 <= input.count else { throw Failure("a stored block is cut off") }
        let length = Int(input[position]) | Int(input[position + 1]) << 8
        let complement = Int(input[position + 2]) | Int(input[position + 3]) << 8
        guard length == ~complement & 0xffff else { throw Failure("a stored block's length is damaged") }
        position += 4
        guard position + length <= input.count else { throw Failure("a stored block is cut off") }
        guard output.count + length <= limit else { throw Failure("the data is larger than \(limit) bytes") }
        output += input[position..<position + length]
        position += length
    }

    private mutating func dynamic() throws(Failure) {
        let literalCount = try bits(5) + 257
        let distanceCount = try bits(5) + 1
        let codeLengthCount = try bits(4) + 4
        var codeLengths = [Int](repeating: 0, count: 19)
        for index in 0..<codeLengthCount { codeLengths[Self.codeLengthOrder[index]] = try bits(3) }
        let codeLengthTable = try Table(lengths: codeLengths)
        var lengths: [Int] = []
        while lengths.count < literalCount + distanceCount {
            let symbol = try decode(codeLengthTable)
            switch symbol {
            case 0..<16: lengths.append(symbol)
            case 16:
                guard let previous = lengths.last else { throw Failure("a repeat with nothing before it") }
                lengths += [Int](repeating: previous, count: try bits(2) + 3)
            case 17: lengths += [Int](repeating: 0, count: try bits(3) + 3)
            default: lengths += [Int](repeating: 0, count: try bits(7) + 11)
            }
        }
        guard lengths.count == literalCount + distanceCount else { throw Failure("code lengths overrun") }
        try codes(
            Table(lengths: Array(lengths[..<literalCount])), Table(lengths: Array(lengths[literalCount...])))
    }

    private mutating func codes(_ literals: Table, _ distances: Table) throws(Failure) {
        while true {
            let symbol = try decode(literals)
            if symbol < 256 {
                guard output.count < limit else { throw Failure("the data is larger than \(limit) bytes") }
                output.append(UInt8(symbol))
                continue
            }
            if symbol == 256 { return }
            let lengthIndex = symbol - 257
            guard lengthIndex < Self.lengthBase.count else { throw Failure("an invalid length symbol") }
            let length = Self.lengthBase[lengthIndex] + (try bits(Self.lengthExtra[lengthIndex]))
            let distanceIndex = try decode(distances)
            guard distanceIndex < Self.distanceBase.count else { throw Failure("an invalid distance symbol") }
            let distance = Self.distanceBase[distanceIndex] + (try bits(Self.distanceExtra[distanceIndex]))
            guard distance <= output.count else { throw Failure("a distance before the start of the data") }
            guard output.count + length <= limit else { throw Failure("the data is larger than \(limit) bytes") }
            let start = output.count - distance
            for index in 0..<length { output.append(output[start + index]) }
        }
    }
}
