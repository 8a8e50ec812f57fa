/// One entry of the configuration catalogue: where a setting lives, its
/// type, its default and a line of documentation.
///
/// The catalogue is data, so the parser, the environment overrides and the
/// test that keeps `config/booknowd.conf` honest all read the same list.
public struct ConfigKey: Sendable {
    /// The `[section]` the key belongs to, lower-case.
    public let section: String
    /// The key's name within its section, lower-case snake_case.
    public let name: String
    public let type: ConfigType
    /// The default, written as it would appear in the file; nil means the key is optional and unset by default.
    public let defaultText: String?
    /// One line for humans: what the setting changes.
    public let doc: String

    public init(_ section: String, _ name: String, _ type: ConfigType, default defaultText: String?, _ doc: String) {
        precondition(Self.isIdentifier(section) && Self.isIdentifier(name), "bad config key \(section).\(name)")
        self.section = section
        self.name = name
        self.type = type
        self.defaultText = defaultText
        self.doc = doc
    }

    /// `section.name`, the spelling used in errors and in code.
    public var dotted: String { "\(section).\(name)" }

    /// `BOOKNOW_SECTION_NAME`, the environment variable that overrides the key.
    public var environmentName: String { "BOOKNOW_\(section.uppercased())_\(name.uppercased())" }

    /// The systemd credential name consulted in `$CREDENTIALS_DIRECTORY`
    /// for a secret-file key: the dotted name without `_file`, e.g.
    /// `database.password` for `database.password_file`.
    public var credentialName: String {
        name.hasSuffix("_file") ? "\(section).\(name.dropLast(5))" : dotted
    }

    /// Lower-case letters, digits and underscores, starting with a letter.
    static func isIdentifier(_ text: some StringProtocol) -> Bool {
        guard let first = text.first, first.isASCII, first.isLowercase else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }
    }
}
