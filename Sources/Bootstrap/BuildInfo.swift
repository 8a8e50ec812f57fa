import Postgres
import Schema

/// What a binary is: its release, the commit it was built from, and the
/// schema version it needs. `--version`, `/readyz` and `booknow_build_info`
/// all read this, so the three never disagree.
///
/// `version` is the one place the release number is written; `scripts/package`
/// reads it back from the built binary to name the `.deb`. The commit is not
/// in the source: `scripts/package` writes `BuildCommit+Generated.swift`
/// (git-ignored) and compiles with `-DBOOKNOW_COMMIT_INJECTED`. A plain
/// `swift build` says `unknown` rather than guess, and a stale generated file
/// left behind is ignored without the flag.
public enum BuildInfo {
    /// The release, as in the package's version and `changelog.Debian`.
    public static let version = "0.2.0"

    #if BOOKNOW_COMMIT_INJECTED
    /// The git commit `scripts/package` built, `-dirty` when the tree had changes.
    public static let commit = injectedBuildCommit
    #else
    /// Not injected: a plain `swift build`.
    public static let commit = "unknown"
    #endif

    /// The schema version this binary's migrations end at, and the one it needs.
    public static var schemaVersion: Int { Schema.migrator.latestVersion }

    /// `--version` output: `PROGRAM VERSION`, then the commit and the schema.
    public static func versionText(program: String) -> String {
        """
        \(program) \(version)
        commit: \(commit)
        schema: \(schemaVersion)
        """
    }
}
