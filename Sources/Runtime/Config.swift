import Foundation

/// The daemon's validated settings: the catalogue's defaults, overridden by
/// the file, overridden by `BOOKNOW_*` environment variables.
///
/// The environment is passed in as a dictionary rather than read from the
/// process, so tests run in parallel without racing on `setenv`. Every
/// problem is found while loading; after that, reading a value cannot fail
/// except by programmer error (asking for a key that is not in the
/// catalogue, or with the wrong type), which traps.
public struct Config: Sendable {
    /// A value and where it came from, so errors and `--check-config` can say which setting won.
    public struct Setting: Sendable {
        public let value: ConfigValue
        /// `default`, `FILE:LINE` or `environment VARIABLE`.
        public let origin: String
    }

    public let catalogue: ConfigCatalogue
    private let settings: [String: Setting]

    /// Loads `file` (nil: defaults and environment only) with `environment`'s overrides.
    ///
    /// - Throws: `RuntimeError` naming file and line (or variable) and key.
    public static func load(
        file: String?, environment: [String: String], catalogue: ConfigCatalogue = .booknow
    ) throws(RuntimeError) -> Config {
        guard let file else { return try Config(file: nil, environment: environment, catalogue: catalogue) }
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw RuntimeError(.unreadableFile, "cannot read the configuration file: \(Self.reason(error))", location: file)
        }
        return try Config(file: ConfigFile(parsing: text, path: file), environment: environment, catalogue: catalogue)
    }

    /// Builds a configuration from already-parsed file contents.
    public init(file: ConfigFile?, environment: [String: String], catalogue: ConfigCatalogue = .booknow) throws(RuntimeError) {
        var settings: [String: Setting] = [:]
        for key in catalogue.keys {
            if let text = key.defaultText {
                settings[key.dotted] = try Self.parse(text, for: key, at: "default").map { Setting(value: $0, origin: "default") }
            }
        }
        if let file {
            try Self.apply(file, catalogue: catalogue, to: &settings)
        }
        try Self.apply(environment, catalogue: catalogue, to: &settings)
        for key in catalogue.keys where key.type == .secretFile {
            settings[key.dotted] = try Self.readSecret(key, setting: settings[key.dotted], environment: environment)
        }
        self.catalogue = catalogue
        self.settings = settings
    }

    /// The value of `key` (`section.name`), or nil when an optional key is unset.
    public func value(_ key: String) -> ConfigValue? {
        precondition(catalogue.key(key) != nil, "\(key) is not in the configuration catalogue")
        return settings[key]?.value
    }

    /// Where the value of `key` came from: `default`, `FILE:LINE`, `environment VARIABLE`; nil when unset.
    public func origin(_ key: String) -> String? {
        settings[key]?.origin
    }

    private static func apply(_ file: ConfigFile, catalogue: ConfigCatalogue, to settings: inout [String: Setting]) throws(RuntimeError) {
        let known = Set(catalogue.sections)
        for header in file.headers where !known.contains(header.section) {
            throw RuntimeError(.unknownSection, "unknown section [\(header.section)] (known: \(catalogue.sections.joined(separator: ", ")))",
                               location: "\(file.path):\(header.line)")
        }
        var seen: [String: Int] = [:]
        for entry in file.entries {
            let location = "\(file.path):\(entry.line)"
            guard let key = catalogue.key(entry.dotted) else {
                throw RuntimeError(.unknownKey, "unknown key", location: location, key: entry.dotted)
            }
            if let first = seen.updateValue(entry.line, forKey: entry.dotted) {
                throw RuntimeError(.duplicateKey, "already set on line \(first)", location: location, key: entry.dotted)
            }
            settings[key.dotted] = try parse(entry.value, for: key, at: location).map { Setting(value: $0, origin: location) }
        }
    }

    /// Applies `BOOKNOW_<SECTION>_<NAME>` variables. A variable that starts
    /// like a known section but names no key is an error, so a typo in a
    /// unit file's `Environment=` is caught.
    private static func apply(_ environment: [String: String], catalogue: ConfigCatalogue, to settings: inout [String: Setting]) throws(RuntimeError) {
        let byVariable = Dictionary(uniqueKeysWithValues: catalogue.keys.map { ($0.environmentName, $0) })
        let prefixes = catalogue.sections.map { "BOOKNOW_\($0.uppercased())_" }
        for (variable, text) in environment.sorted(by: { $0.key < $1.key }) {
            let location = "environment \(variable)"
            guard let key = byVariable[variable] else {
                if prefixes.contains(where: variable.hasPrefix) {
                    throw RuntimeError(.unknownKey, "no configuration key has this variable name", location: location)
                }
                continue
            }
            let value = String(text.trimmingBlanks())
            settings[key.dotted] = try parse(value, for: key, at: location).map { Setting(value: $0, origin: location) }
        }
    }

    /// Parses with the key's type; an empty value unsets an optional key.
    private static func parse(_ text: String, for key: ConfigKey, at location: String) throws(RuntimeError) -> ConfigValue? {
        if text.isEmpty && key.defaultText == nil { return nil }
        do {
            return try key.type.parse(text)
        } catch {
            throw RuntimeError(.badValue, error.message + " (expected \(key.type.summary))", location: location, key: key.dotted)
        }
    }

    static func reason(_ error: any Error) -> String {
        ((error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError)?.localizedDescription ?? error.localizedDescription
    }
}
