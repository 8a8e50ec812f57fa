/// The one error type of the Runtime module.
///
/// Callers switch on `code`, which is stable across releases; people read
/// `description`, which names where the problem is (`FILE:LINE`, or the
/// environment variable) and which configuration key is at fault, so an
/// operator can fix it without reading code. No description ever contains
/// a secret: values of secret keys are never quoted back.
public struct RuntimeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable, machine-readable error codes.
    public enum Code: String, Sendable {
        /// A configuration line is neither a section, a `key = value` pair, a comment nor blank.
        case malformedLine = "config.malformed_line"
        /// A `[section]` the catalogue does not know.
        case unknownSection = "config.unknown_section"
        /// A key (in the file or as `BOOKNOW_*`) the catalogue does not know.
        case unknownKey = "config.unknown_key"
        /// The same key appears twice in one file.
        case duplicateKey = "config.duplicate_key"
        /// A value that does not fit the key's type or range.
        case badValue = "config.bad_value"
        /// The configuration file itself cannot be read.
        case unreadableFile = "config.unreadable_file"
        /// A secret file named by a secret-file key cannot be read or is empty.
        case unreadableSecret = "config.unreadable_secret"
        /// A non-zero clock offset while `testing.allow_clock_offset` is false.
        case clockOffsetRefused = "clock.offset_refused"
        /// A datagram to `$NOTIFY_SOCKET` could not be sent.
        case notifyFailed = "notify.failed"
    }

    /// What went wrong, stable across releases.
    public var code: Code
    /// What is wrong, in words; never contains a secret.
    public var message: String
    /// Where: `FILE:LINE`, `FILE`, or `environment VARIABLE`; nil when it has no place.
    public var location: String?
    /// The dotted configuration key (`section.name`) at fault, if any.
    public var key: String?

    public init(_ code: Code, _ message: String, location: String? = nil, key: String? = nil) {
        self.code = code
        self.message = message
        self.location = location
        self.key = key
    }

    /// `FILE:LINE: key 'section.name': what is wrong`, leaving out the parts that do not apply.
    public var description: String {
        var parts: [String] = []
        if let location { parts.append(location) }
        if let key { parts.append("key '\(key)'") }
        parts.append(message)
        return parts.joined(separator: ": ")
    }
}
