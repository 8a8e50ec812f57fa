/// The one error type of the Receipts module: input a provider or an admin
/// sent that cannot be stored.
///
/// `code` is stable (`receipts.recipient`, `receipts.reason`); `description`
/// names the field at fault but never echoes a recipient, a message body or a
/// signing key.
public struct ReceiptsError: Error, Sendable, CustomStringConvertible {
    public let code: String
    public let message: String
    /// Which input was at fault (`recipient`, `reason`, …).
    public let field: String

    public init(code: String, message: String, field: String) {
        self.code = code
        self.message = message
        self.field = field
    }

    public var description: String { "\(code): \(message) [\(field)]" }
}
