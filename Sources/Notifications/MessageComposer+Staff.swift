import Booking
import Delivery
import Foundation
import Templates
import Vocabulary

/// The provider's copy of a booking change: a short email in the location's
/// time zone with the calendar entry, so the provider's calendar follows the
/// customer's. A move to another provider also tells the one it was taken
/// from ("Moved to …", with their entry cancelled). Staff notices are
/// operational, not marketing: they are not business-editable templates, and
/// are written in English.
extension MessageComposer {
    func staffEmail(_ kind: MessageKind, data: MessageFacts, jobID: Int64, now: Date) throws(DeliveryError) -> EmailMessage {
        let zone = TimeZone(identifier: data.timeZone) ?? .gmt
        let format = Date.FormatStyle(date: .abbreviated, time: .shortened, timeZone: zone)
        let when = "\(data.startsAt.formatted(format)) – \(data.endsAt.formatted(Date.FormatStyle(date: .omitted, time: .shortened, timeZone: zone))) (\(zone.identifier))"
        let headline: String
        switch kind {
        case .bookingCancelled: headline = "Cancelled"
        case .bookingRescheduled: headline = data.movedToProvider.map { "Moved to \($0)" } ?? "Moved"
        default: headline = "New booking"
        }
        // The provider a move took the booking from: their calendar entry goes.
        let cancels = kind == .bookingCancelled || data.movedToProvider != nil
        let customer = data.customerName.isEmpty ? "a customer" : data.customerName
        let text = """
            \(headline): \(data.serviceName) with \(customer)
            When: \(when)
            Where: \(data.locationName)\(data.address.isEmpty ? "" : ", \(data.address)")

            \(data.businessName)
            """
        let from = try EmailAddress(fromAddress, name: data.businessName, field: "email.from_address")
        let to = try EmailAddress(data.providerEmail ?? "", name: data.providerName, field: "provider.email")
        let calendar = CalendarInvite(
            method: cancels ? .cancel : .request, bookingID: data.bookingID.uuidString.lowercased(),
            domain: domain, sequence: data.version, start: data.startsAt, end: data.endsAt, stamp: now,
            summary: "\(data.serviceName): \(customer)", location: data.locationName, details: data.businessName,
            organizer: from, attendee: to)
        return EmailMessage(
            from: from, to: to, subject: "\(headline): \(data.serviceName), \(data.startsAt.formatted(format))", text: text,
            calendar: calendar, messageID: try MessageID(jobID: "job-\(jobID)", domain: domain), date: now)
    }
}
