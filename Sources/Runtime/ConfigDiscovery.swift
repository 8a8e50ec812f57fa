import Foundation

/// Which configuration file a program reads when none is named on its command line.
///
/// The order: `--config` > `BOOKNOW_CONFIG` >
/// `/etc/booknow/booknowd.conf` if it exists > the development config
/// `booknowd.conf` in `BOOKNOW_STATE_DIR` (default `.state` of the current
/// folder) if it exists > none (built-in defaults and `BOOKNOW_*` variables).
/// An operator can `export BOOKNOW_CONFIG=…` once and leave `--config` off.
///
/// A named file (flag or variable) is returned whether or not it exists, so
/// a typo stops the program with "cannot read" instead of silently falling
/// through to another file. Pure apart from `fileExists`, so tests need no /etc.
public struct ConfigDiscovery: Sendable {
    /// The file an installed package ships.
    public static let systemPath = "/etc/booknow/booknowd.conf"

    /// A file chosen, and why: shown by `--check-config` and logged at start.
    public struct Choice: Sendable, Equatable {
        public let path: String?
        /// `--config`, `BOOKNOW_CONFIG`, `system file`, `development state folder`, `defaults`.
        public let source: String

        public init(path: String?, source: String) {
            self.path = path
            self.source = source
        }

        public var summary: String { path.map { "\($0) (from \(source))" } ?? "built-in defaults and BOOKNOW_* variables" }
    }

    public var systemPath: String
    public var fileExists: @Sendable (String) -> Bool

    /// Looks at the real file system.
    public init() {
        self.init(systemPath: Self.systemPath, fileExists: { FileManager.default.fileExists(atPath: $0) })
    }

    public init(systemPath: String, fileExists: @escaping @Sendable (String) -> Bool) {
        self.systemPath = systemPath
        self.fileExists = fileExists
    }

    /// The file to read given the command line's `--config` (nil when absent) and the environment.
    public func choose(explicit: String?, environment: [String: String]) -> Choice {
        if let explicit { return Choice(path: explicit, source: "--config") }
        if let named = environment["BOOKNOW_CONFIG"], !named.isEmpty { return Choice(path: named, source: "BOOKNOW_CONFIG") }
        if fileExists(systemPath) { return Choice(path: systemPath, source: "system file") }
        let state = environment["BOOKNOW_STATE_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? ".state"
        let development = (state as NSString).appendingPathComponent("booknowd.conf")
        if fileExists(development) { return Choice(path: development, source: "development state folder") }
        return Choice(path: nil, source: "defaults")
    }
}
