import CShim

/// What `osconf2seed --version` prints: the version of the source tree and the commit the
/// binary was built from.
public enum ToolVersion {
    /// The release version, `MAJOR.MINOR.PATCH`: the one place it is set. contrib/release.sh
    /// reads it from this line to name the tarball and the packages.
    public static let number = "0.1.0"

    /// The abbreviated commit hash that contrib/release.sh compiled into the C shim
    /// (`-Xcc -DOSCONF2SEED_COMMIT=...`), or `unknown` for any other build.
    public static var commit: String { String(cString: osconf_build_commit()) }

    /// The line `--version` prints, newline included: `osconf2seed 0.1.0 (commit 1f1f840)\n`.
    public static var line: String { "osconf2seed \(number) (commit \(commit))\n" }
}
