/// The one error type of the Delivery module: invalid data or a failed local write.
///
/// `code` is stable (`delivery.address`, `delivery.phone`, `delivery.identifier`,
/// `delivery.outbox`, `delivery.configuration`); `description` names the field
/// but never echoes a message body or a credential.
public struct DeliveryError: Error, Sendable, CustomStringConvertible {
    public let code: String
    public let message: String
    /// Which input was at fault (`to`, `from`, `replyTo`, `jobID`, …), or the path written.
    public let field: String

    public init(code: String, message: String, field: String) {
        self.code = code
        self.message = message
        self.field = field
    }

    public var description: String { "\(code): \(message) [\(field)]" }
}
