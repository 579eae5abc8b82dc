/// The `FILE[:LINE][: KEY]` prefix that every error and warning about os.conf starts with, so
/// editors and log readers can jump to the place.
enum SourceLocation {
    static func describe(file: String, line: Int?, key: String?) -> String {
        var location = file
        if let line { location += ":\(line)" }
        if let key { location += ": \(key)" }
        return location
    }
}
