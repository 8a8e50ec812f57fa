public import Vocabulary

/// One text message to one phone number.
///
/// `idempotencyKey` (the job id) goes to providers that accept one, so a send
/// repeated after a crash is recognised by the provider; `validity` asks the
/// provider to drop the message if it cannot hand it over in time, so a late
/// reminder expires instead of arriving after the appointment.
public struct SMSMessage: Sendable {
    public var to: PhoneNumber
    public var body: String
    public var validity: Duration?
    public var idempotencyKey: String

    public init(to: PhoneNumber, body: String, validity: Duration? = nil, idempotencyKey: String) {
        self.to = to
        self.body = body
        self.validity = validity
        self.idempotencyKey = idempotencyKey
    }
}

/// What a transport carries: an email or a text message.
public enum OutgoingMessage: Sendable {
    case email(EmailMessage)
    case sms(SMSMessage)

    public var channel: Channel {
        switch self {
        case .email: .email
        case .sms: .sms
        }
    }

    /// The address or number the message goes to, as the suppression list keys it.
    public var recipient: String {
        switch self {
        case .email(let message): message.to.address.lowercased()
        case .sms(let message): message.to.e164
        }
    }
}
