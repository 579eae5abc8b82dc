/// Small path helpers; the project only ever joins and splits plain `/`-separated paths.
public enum FilePath {
    /// `base` + `/` + `relative`, without doubled slashes.
    public static func join(_ base: String, _ relative: String) -> String {
        let tail = relative.drop { $0 == "/" }
        if base.isEmpty { return String(tail) }
        return base.hasSuffix("/") ? base + tail : base + "/" + tail
    }

    /// The directory part (`/a/b` for `/a/b/c`, `.` for a bare name, `/` for `/c`).
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The last component.
    public static func baseName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }
}
