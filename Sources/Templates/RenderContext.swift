import Foundation
import Vocabulary

/// Builds the render context of a message from its `MessageInput`.
///
/// The context holds exactly the variables `TemplateVariables` documents
/// for the kind (a test compares the two), with absent optional values as
/// `null` so templates can hide them with sections.
public enum RenderContext {
    public static func make(_ input: MessageInput, moments: LocalizedMoment = .shared) -> MustacheValue {
        let locale = input.customer.locale
        let zone = input.location.timeZone
        func moment(_ instant: Date) -> MustacheValue {
            .dictionary(MustacheObject(moments.fields(of: instant, locale: locale, timeZone: zone)))
        }
        let minutes = Int(input.end.timeIntervalSince(input.start) / 60)
        let appointment = [
            "start": moment(input.start),
            "end": moment(input.end),
            "duration_minutes": MustacheValue.number(Double(minutes)),
        ]
        var links: [String: MustacheValue] = ["manage": .string(input.links.manage)]
        var root: [String: MustacheValue] = [
            "customer": [
                "name": .string(input.customer.name),
                "first_name": .string(firstName(input.customer.name)),
                "email": .optional(input.customer.email),
                "phone": .optional(input.customer.phone),
                "locale": .string(locale),
            ],
            "appointment": .dictionary(MustacheObject(appointment)),
            "service": [
                "name": .string(input.serviceName),
                "description": .optional(input.serviceDescription),
                "price": .optional(input.servicePrice?.formatted(locale: locale, plainSpaces: true)),
            ],
            "provider": ["name": .string(input.providerName)],
            "location": [
                "name": .string(input.location.name),
                "address": .optional(input.location.address),
                "time_zone": .string(zone),
            ],
            "business": ["name": .string(input.businessName), "phone": .optional(input.businessPhone)],
        ]
        switch input.kind {
        case .bookingConfirmed, .reminder, .bookingRescheduled:
            links["cancel"] = .optional(input.links.cancel)
            links["reschedule"] = .optional(input.links.reschedule)
        case .waitlistOffer:
            links["accept_offer"] = .optional(input.links.acceptOffer)
        case .bookingCancelled, .waitlistOfferExpired, .bookingHold:
            break
        }
        switch input.kind {
        case .reminder:
            let lead = input.reminderLead ?? .zero
            let leadMinutes = Int(lead.components.seconds / 60)
            root["reminder"] = [
                "lead": .string(LeadTimeWording.describe(minutes: leadMinutes, locale: locale)),
                "lead_minutes": .number(Double(leadMinutes)),
            ]
        case .bookingRescheduled:
            root["previous"] = [
                "start": input.previousStart.map { moment($0) } ?? .null,
                "end": input.previousEnd.map { moment($0) } ?? .null,
            ]
        case .waitlistOffer:
            root["offer"] = ["expires": input.offerExpiresAt.map { moment($0) } ?? .null]
        case .waitlistOfferExpired:
            root["offer"] = ["passed_on": .bool(input.offerPassedOn)]
        case .bookingHold:
            root["hold"] = ["expires": input.offerExpiresAt.map { moment($0) } ?? .null]
        case .bookingConfirmed, .bookingCancelled:
            break
        }
        root["links"] = .dictionary(MustacheObject(links))
        return .dictionary(MustacheObject(root))
    }

    /// The first word of a name, for friendly SMS greetings.
    static func firstName(_ name: String) -> String {
        String(name.split(separator: " ").first ?? Substring(name))
    }
}
