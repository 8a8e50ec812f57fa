import Booking
import Foundation
import HTTPServer
import TemplateOverrides
import Templates
import Vocabulary

/// One message's override as the admin API shows it: the version in force
/// (or none: the shipped defaults apply) and its parts.
struct TemplateVersionView: Encodable {
    let kind: String
    let channel: String
    let locale: String
    /// False when no override is in force and the shipped defaults are sent.
    let overridden: Bool
    let version: Int?
    let action: String?
    let sourceVersion: Int?
    let updatedBy: String?
    let createdAt: Date?
    let parts: [String: String]
    /// Lint's warnings about what was just stored (`FILE:LINE:COLUMN: warning: …`); empty otherwise.
    let warnings: [String]

    init(_ key: TemplateOverrideKey, _ version: TemplateVersion?) {
        kind = key.kind.rawValue
        channel = key.channel.rawValue
        locale = key.locale
        overridden = version?.isOverride ?? false
        self.version = version?.version
        action = version?.action.rawValue
        sourceVersion = version?.sourceVersion
        updatedBy = version?.updatedBy
        createdAt = version?.createdAt
        parts = Dictionary(uniqueKeysWithValues: (version?.parts ?? [:]).map { ($0.key.rawValue, $0.value) })
        warnings = (version?.warnings ?? []).map(\.description)
    }
}

/// A rendered preview: each part, which templates produced it, and any
/// fallback taken (a broken override falls back to the defaults).
struct PreviewView: Encodable {
    let parts: [String: String]
    let origin: String
    let fallbacks: [String]
    /// The booking whose facts filled the message; nil for the sample data.
    let booking: String?

    init(_ message: RenderedMessage, booking: UUID?) {
        parts = Dictionary(uniqueKeysWithValues: message.parts.map { ($0.key.rawValue, $0.value) })
        origin = message.origin.description
        fallbacks = message.fallbacks.map(\.description)
        self.booking = booking.map(APIJSON.id)
    }
}

extension AdminRoutes {
    static func templateView(_ key: TemplateOverrideKey, _ version: TemplateVersion?) -> String {
        String(decoding: APIJSON.response(TemplateVersionView(key, version)).body, as: UTF8.self)
    }

    /// A booking's facts as a message of `key`'s kind. Links are the sample
    /// data's: the manage token is stored only as a hash, so a real link
    /// cannot be rebuilt, and a preview must not mint one.
    static func messageInput(_ key: TemplateOverrideKey, _ facts: MessageFacts) -> MessageInput {
        let sample = SampleData.input(kind: key.kind, locale: key.locale)
        return MessageInput(
            kind: key.kind,
            customer: MessageInput.Customer(name: facts.customerName, email: facts.email, phone: facts.phone, locale: key.locale),
            start: facts.startsAt, end: facts.endsAt, serviceName: facts.serviceName, providerName: facts.providerName,
            location: MessageInput.Location(name: facts.locationName, address: facts.address.isEmpty ? nil : facts.address,
                                            timeZone: facts.timeZone),
            businessName: facts.businessName, links: sample.links,
            previousStart: key.kind == .bookingRescheduled ? sample.previousStart : nil,
            previousEnd: key.kind == .bookingRescheduled ? sample.previousEnd : nil,
            offerExpiresAt: key.kind == .waitlistOffer ? facts.startsAt.addingTimeInterval(-3600) : nil,
            reminderLead: key.kind == .reminder ? sample.reminderLead : nil,
            serviceDescription: facts.serviceDescription, servicePrice: facts.servicePrice)
    }
}
