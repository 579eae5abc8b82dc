#if hasFeature(Embedded)
    /// Substring search for Embedded Swift, which lacks the _StringProcessing module that gives
    /// the toolchain build `contains(_:)` and `firstRange(of:)` on strings. The same results:
    /// Characters compared as `==` does (canonical equivalence), the first match, an empty
    /// needle found at the start.
    extension StringProtocol {
        /// Whether `other` occurs in the string.
        func contains(_ other: some StringProtocol) -> Bool { firstRange(of: other) != nil }

        /// The pieces between the occurrences of `separator`, empty pieces left out (the
        /// `split(separator:)` of _StringProcessing with its defaults).
        func split(separator: some StringProtocol) -> [SubSequence] {
            var pieces: [SubSequence] = []
            var rest = self[...]
            while !separator.isEmpty, let range = rest.firstRange(of: separator) {
                if range.lowerBound != rest.startIndex { pieces.append(self[rest.startIndex..<range.lowerBound]) }
                rest = self[range.upperBound...]
            }
            if !rest.isEmpty { pieces.append(self[rest.startIndex...]) }
            return pieces
        }

        /// The range of the first occurrence of `other`; nil when there is none.
        func firstRange(of other: some StringProtocol) -> Range<Index>? {
            var start = startIndex
            while true {
                var here = start
                var there = other.startIndex
                while there != other.endIndex, here != endIndex, self[here] == other[there] {
                    formIndex(after: &here)
                    other.formIndex(after: &there)
                }
                if there == other.endIndex { return start..<here }
                // The rest is shorter than `other`: no later start can match either.
                if here == endIndex || start == endIndex { return nil }
                formIndex(after: &start)
            }
        }
    }
#endif
