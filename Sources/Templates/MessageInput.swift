public import Foundation
public import Vocabulary

/// The plain facts one message is rendered from.
///
/// Notifications fills this from the booking it re-read; preview fills it
/// from `SampleData`. Only these values can reach a template, which is what
/// keeps other businesses' data, the environment and files out of reach.
public struct MessageInput: Sendable, Hashable {
    public struct Customer: Sendable, Hashable {
        public var name: String
        public var email: String?
        public var phone: String?
        /// BCP 47 or POSIX identifier (`es`, `es-MX`, `en_GB`): the language
        /// of the message and the conventions of its dates.
        public var locale: String

        public init(name: String, email: String? = nil, phone: String? = nil, locale: String) {
            self.name = name
            self.email = email
            self.phone = phone
            self.locale = locale
        }
    }

    public struct Location: Sendable, Hashable {
        public var name: String
        public var address: String?
        /// IANA identifier; every time in the message is shown in this zone.
        public var timeZone: String

        public init(name: String, address: String? = nil, timeZone: String) {
            self.name = name
            self.address = address
            self.timeZone = timeZone
        }
    }

    /// Customer links, already built on the public base URL with the manage
    /// token; nil where the action is not available.
    public struct Links: Sendable, Hashable {
        public var manage: String
        public var cancel: String?
        public var reschedule: String?
        public var acceptOffer: String?

        public init(manage: String, cancel: String? = nil, reschedule: String? = nil, acceptOffer: String? = nil) {
            self.manage = manage
            self.cancel = cancel
            self.reschedule = reschedule
            self.acceptOffer = acceptOffer
        }
    }

    public var kind: MessageKind
    public var customer: Customer
    public var start: Date
    public var end: Date
    public var serviceName: String
    /// The service's description, plain text; nil when it has none.
    public var serviceDescription: String?
    /// What the service costs, shown in the customer's locale; nil when no price is set.
    public var servicePrice: Price?
    public var providerName: String
    public var location: Location
    public var businessName: String
    public var businessPhone: String?
    public var links: Links
    /// The old times of a rescheduled booking.
    public var previousStart: Date?
    public var previousEnd: Date?
    /// When a waitlist offer lapses.
    public var offerExpiresAt: Date?
    /// How long before the start a reminder is sent.
    public var reminderLead: Duration?
    /// For an expired waitlist offer: whether the slot went to the next person waiting.
    public var offerPassedOn: Bool

    public init(
        kind: MessageKind, customer: Customer, start: Date, end: Date, serviceName: String, providerName: String,
        location: Location, businessName: String, businessPhone: String? = nil, links: Links,
        previousStart: Date? = nil, previousEnd: Date? = nil, offerExpiresAt: Date? = nil, reminderLead: Duration? = nil,
        offerPassedOn: Bool = false, serviceDescription: String? = nil, servicePrice: Price? = nil
    ) {
        self.kind = kind
        self.customer = customer
        self.start = start
        self.end = end
        self.serviceName = serviceName
        self.serviceDescription = serviceDescription
        self.servicePrice = servicePrice
        self.providerName = providerName
        self.location = location
        self.businessName = businessName
        self.businessPhone = businessPhone
        self.links = links
        self.previousStart = previousStart
        self.previousEnd = previousEnd
        self.offerExpiresAt = offerExpiresAt
        self.reminderLead = reminderLead
        self.offerPassedOn = offerPassedOn
    }
}
