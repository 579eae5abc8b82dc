/// The `FILE[:LINE][: KEY]` prefix that every error and warning about os.conf starts with, so
/// editors and log readers can jump to the place.
enum SourceLocation {
    /// Keys come from the file and are names of any length; a longer one is cut, so a hostile
    /// file cannot fill the kernel log with one message. No key os.conf knows is this long.
    static let maximumKeyLength = 64

    static func describe(file: String, line: Int?, key: String?) -> String {
        var location = file
        if let line { location += ":\(line)" }
        if let key { location += ": " + shown(key: key) }
        return location
    }

    /// The key as messages show it: cut after ``maximumKeyLength`` characters, marked `...`.
    static func shown(key: String) -> String {
        let scalars = key.unicodeScalars
        let cut = String(String.UnicodeScalarView(scalars.prefix(maximumKeyLength)))
        return scalars.count > maximumKeyLength ? cut + "..." : cut
    }
}
