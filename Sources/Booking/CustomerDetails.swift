import Vocabulary

/// Who is booking and how they may be contacted, as validated by the caller
/// (the API checks formats and lengths; the schema's CHECKs are the backstop).
public struct CustomerDetails: Sendable, Hashable {
    public var name: String
    /// Lower-cased by the caller; nil when not given.
    public var email: String?
    /// E.164 (`+14155550100`); nil when not given.
    public var phone: String?
    /// BCP 47 language tag for messages (`en`, `de-CH`).
    public var locale: String
    public var consentEmail: Bool
    public var consentSMS: Bool

    public init(name: String, email: String?, phone: String?, locale: String, consentEmail: Bool, consentSMS: Bool) {
        self.name = name
        self.email = email
        self.phone = phone
        self.locale = locale
        self.consentEmail = consentEmail
        self.consentSMS = consentSMS
    }

    /// The channels messages about a booking go out on: those with an address and consent.
    var channels: [Channel] {
        Channel.consented(email: email != nil && consentEmail, sms: phone != nil && consentSMS)
    }
}
