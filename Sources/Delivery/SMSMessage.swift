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

    /// The message as JSON, keys sorted: `body`, `idempotency_key`, `to`, and
    /// `validity_seconds` when it has one; what the webhook posts and the outbox
    /// writes. Written by hand: `JSONSerialization` took a sixth of an SMS's
    /// CPU in a reminder burst.
    public var json: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(body.utf8.count + 96)
        bytes.append(contentsOf: #"{"body":"#.utf8)
        JSONString.append(body, to: &bytes)
        bytes.append(contentsOf: #","idempotency_key":"#.utf8)
        JSONString.append(idempotencyKey, to: &bytes)
        bytes.append(contentsOf: #","to":"#.utf8)
        JSONString.append(to.e164, to: &bytes)
        if let validity {
            bytes.append(contentsOf: #","validity_seconds":"#.utf8)
            bytes.append(contentsOf: String(validity.components.seconds).utf8)
        }
        bytes.append(UInt8(ascii: "}"))
        return bytes
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
