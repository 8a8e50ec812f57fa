public import Vocabulary

/// The catalogue of variables each message kind's templates may use.
///
/// The one source of truth: `RenderContext` builds exactly these (a test
/// checks it), lint rejects anything else, and the variable section of
/// templates/README.md is generated from it (`markdown`, checked by a test).
public enum TemplateVariables {
    /// Variables of `kind`, in documentation order.
    public static func variables(for kind: MessageKind) -> [TemplateVariable] {
        var list = common
        switch kind {
        case .bookingConfirmed:
            list += bookingLinks
        case .reminder:
            list += bookingLinks
            list += [
                TemplateVariable("reminder.lead", "How long before the appointment this reminder is sent, in words (\"24 hours\", \"1 hour\")"),
                TemplateVariable("reminder.lead_minutes", "The same lead time in minutes (1440, 60)"),
            ]
        case .bookingCancelled:
            break
        case .bookingRescheduled:
            list += bookingLinks
            list += moment("previous.start", "Start of the appointment before it was moved")
            list += moment("previous.end", "End of the appointment before it was moved")
        case .waitlistOffer:
            list += [TemplateVariable("links.accept_offer", "Page where the customer accepts the offered slot (acting on it is a POST)")]
            list += moment("offer.expires", "When the offer lapses and passes to the next customer")
        case .bookingHold:
            list += moment("hold.expires", "When the unconfirmed booking is released (links.manage is where the customer confirms it)")
        case .waitlistOfferExpired:
            list += [TemplateVariable("offer.passed_on", "True when the slot was offered to the next person on the waitlist; false when nobody waiting could take it")]
        }
        return list
    }

    /// Names only, for lint lookups.
    public static func names(for kind: MessageKind) -> Set<String> {
        Set(variables(for: kind).map(\.name))
    }

    static let common: [TemplateVariable] = [
        TemplateVariable("customer.name", "Customer's full name"),
        TemplateVariable("customer.first_name", "Customer's first name (the full name when it has one word)"),
        TemplateVariable("customer.email", "Customer's email address; null when unknown"),
        TemplateVariable("customer.phone", "Customer's phone number; null when unknown"),
        TemplateVariable("customer.locale", "Customer's locale, e.g. `en` or `es-MX`: the language of the message and of dates"),
    ]
        + moment("appointment.start", "Start of the appointment")
        + moment("appointment.end", "End of the appointment")
        + [
            TemplateVariable("appointment.duration_minutes", "Length of the appointment in minutes"),
            TemplateVariable("service.name", "Service booked, e.g. \"Haircut\""),
            TemplateVariable("service.description", "What the business says about the service, plain text (may hold line breaks); null when it has none"),
            TemplateVariable("service.price", "The service's price in the customer's locale (\"$35.00\", \"35,00 US$\"); null when no price is set"),
            TemplateVariable("provider.name", "Person or resource providing the service"),
            TemplateVariable("location.name", "Location name"),
            TemplateVariable("location.address", "Location street address, one line; null when unknown"),
            TemplateVariable("location.time_zone", "Location IANA time zone, e.g. `Europe/Madrid`; all times are shown in it"),
            TemplateVariable("business.name", "Business name"),
            TemplateVariable("business.phone", "Business phone number; null when unknown"),
            TemplateVariable("links.manage", "Page where the customer sees the booking (or waitlist entry) and what they can do"),
        ]

    static let bookingLinks: [TemplateVariable] = [
        TemplateVariable("links.cancel", "Page to cancel the booking (acting on it is a POST; null when the policy no longer allows it)"),
        TemplateVariable("links.reschedule", "Page to move the booking (null when the policy no longer allows it)"),
    ]

    /// The five fields every formatted instant has (see `LocalizedMoment`).
    static func moment(_ prefix: String, _ what: String) -> [TemplateVariable] {
        [
            TemplateVariable("\(prefix).weekday", "\(what): weekday in the customer's language (\"Monday\", \"lunes\")"),
            TemplateVariable("\(prefix).date", "\(what): date, long style of the customer's locale (\"March 9, 2026\", \"9 de marzo de 2026\")"),
            TemplateVariable("\(prefix).time", "\(what): time of day, short style of the customer's locale (\"3:00 PM\", \"15:00\")"),
            TemplateVariable("\(prefix).zone", "\(what): time-zone abbreviation in force on that date (\"EST\", \"EDT\", \"CET\", \"GMT+1\")"),
            TemplateVariable("\(prefix).iso", "\(what): ISO 8601 with the location's offset (\"2026-03-09T15:00:00-04:00\")"),
        ]
    }
}
