/// The one error type of the Templates module.
///
/// `code` is stable: the CLI, the API (problem+json) and metrics key on it,
/// so it never changes once shipped. `description` names the template and the
/// position but never includes rendered output, which may hold customer data.
public struct TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable machine-readable reasons.
    public enum Code: String, Sendable, Hashable {
        /// The template text is not valid Mustache.
        case syntax = "template_syntax"
        /// Partials or parents nested deeper than `RenderOptions.maxPartialDepth`.
        case partialDepth = "template_partial_depth"
        /// Rendered output grew past `RenderOptions.maxOutputBytes`.
        case outputTooLarge = "template_output_too_large"
        /// No template exists for a kind, channel, part and locale.
        case notFound = "template_not_found"
        /// A template set lacks a part its channel requires.
        case missingPart = "template_missing_part"
        /// A template file or record could not be read.
        case unreadable = "template_unreadable"
        /// A file name does not follow the `kind.channel.part.mustache` layout.
        case badName = "template_bad_name"
    }

    public let code: Code
    public let message: String
    /// The file or store record the error is about, when known.
    public var file: String?
    /// 1-based position in the template source, when the error has one.
    public var line: Int?
    public var column: Int?

    public init(_ code: Code, _ message: String, file: String? = nil, line: Int? = nil, column: Int? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
        self.column = column
    }

    /// The same error, attributed to `file`.
    public func inFile(_ file: String) -> TemplateError {
        var copy = self
        copy.file = file
        return copy
    }

    public var description: String {
        var place = file ?? ""
        if let line, let column {
            place += place.isEmpty ? "\(line):\(column)" : ":\(line):\(column)"
        }
        return place.isEmpty ? "\(message) [\(code.rawValue)]" : "\(place): \(message) [\(code.rawValue)]"
    }
}
