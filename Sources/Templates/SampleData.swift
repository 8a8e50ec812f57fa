import Foundation
public import Vocabulary

/// Documented sample data for previews and lint (templates/README.md,
/// "Preview"): one fixed booking, so previews are reproducible.
public enum SampleData {
    /// 2026-03-09 15:00 in New York (EDT, the day after the DST change).
    static let start = Date(timeIntervalSince1970: 1_773_082_800)

    /// A complete input of `kind` for a customer in `locale`.
    public static func input(kind: MessageKind, locale: String = "en") -> MessageInput {
        let spanish = LanguageCode.of(locale) == "es"
        // The shapes booknowd's pages answer (a token is 43 base64url characters).
        let token = "8Hq2xR4tKpWm3Zc7Lb9Yd1Nf5Qg6Sj0Vh2Xk4Tr8Ue3"
        let base = "https://book.example.com/manage/\(token)"
        return MessageInput(
            kind: kind,
            customer: MessageInput.Customer(
                name: spanish ? "Lucía Fernández" : "Jane Doe",
                email: spanish ? "lucia@example.com" : "jane@example.com",
                phone: "+15555550123",
                locale: locale
            ),
            start: start,
            end: start.addingTimeInterval(45 * 60),
            serviceName: spanish ? "Corte de pelo" : "Haircut",
            providerName: "Alex Kim",
            location: MessageInput.Location(name: "Downtown Studio", address: "12 Main Street, Springfield", timeZone: "America/New_York"),
            businessName: "Bright Cuts",
            businessPhone: "+1 555 555 0100",
            links: MessageInput.Links(
                manage: base,
                cancel: "\(base)/cancel",
                reschedule: "\(base)/reschedule",
                acceptOffer: "https://book.example.com/offers/\(token)"
            ),
            previousStart: start.addingTimeInterval(-2 * 86_400),
            previousEnd: start.addingTimeInterval(-2 * 86_400 + 45 * 60),
            offerExpiresAt: start.addingTimeInterval(-20 * 3600),
            reminderLead: .seconds(24 * 3600),
            offerPassedOn: true,
            serviceDescription: spanish ? "Lavado, corte y peinado." : "Wash, cut and blow-dry.",
            servicePrice: Price(amountMinor: 3500, currency: "USD")
        )
    }

    /// The render context of `input(kind:locale:)`.
    public static func context(kind: MessageKind, locale: String = "en") -> MustacheValue {
        RenderContext.make(input(kind: kind, locale: locale))
    }
}
