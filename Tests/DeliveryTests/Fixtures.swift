import Delivery
import Foundation
import Synchronization

/// Sample messages shared by the suites.
enum Fixtures {
    static let date = Date(timeIntervalSince1970: 1_796_000_000)  // 2026-11-30T… UTC

    static func email(to address: String = "accept@example.test", name: String? = "Zoë Müller",
                      subject: String = "Your booking at Salon Ünique is confirmed",
                      jobID: String = "job-1", calendar: CalendarInvite? = nil) throws -> EmailMessage {
        EmailMessage(
            from: try EmailAddress("bookings@salon.example", name: "Salon Ünique"),
            replyTo: try EmailAddress("front-desk@salon.example", name: "Front desk"),
            to: try EmailAddress(address, name: name),
            subject: subject,
            text: "Hello Zoë,\nyour appointment is on Monday at 10:00.\nSee you soon — Salon Ünique",
            html: "<p>Hello Zoë,</p><p>your appointment is on <b>Monday at 10:00</b>.</p>",
            calendar: calendar,
            messageID: try MessageID(jobID: jobID, domain: "booknow.example"),
            date: date)
    }

    static func invite(_ method: CalendarInvite.Method = .request, sequence: Int = 0) throws -> CalendarInvite {
        CalendarInvite(
            method: method, bookingID: "b-42", domain: "booknow.example", sequence: sequence,
            start: Date(timeIntervalSince1970: 1_796_040_000), end: Date(timeIntervalSince1970: 1_796_043_600),
            stamp: date, summary: "Haircut with Anaïs; wash, cut, dry", location: "12 Rue de la Paix, Paris",
            details: "Please arrive 5 minutes early.\nBring your card.",
            organizer: try EmailAddress("bookings@salon.example", name: "Salon Ünique"),
            attendee: try EmailAddress("accept@example.test", name: "Zoë Müller"))
    }

    static func sms(to number: String, body: String = "Reminder: haircut tomorrow at 10:00",
                    validity: Duration? = .seconds(3600), key: String = "job-7") throws -> SMSMessage {
        SMSMessage(to: try PhoneNumber(number), body: body, validity: validity, idempotencyKey: key)
    }
}

extension Transport {
    /// Hands every message over at once and waits for every answer, in the messages' order:
    /// all of them in flight together, as the worker keeps them.
    func sendAll(_ messages: [OutgoingMessage]) -> [DeliveryResult] {
        let done = DispatchGroup()
        let results = Mutex<[Int: DeliveryResult]>([:])
        for (index, message) in messages.enumerated() {
            done.enter()
            send(message) { result in
                results.withLock { $0[index] = result }
                done.leave()
            }
        }
        done.wait()
        return results.withLock { answers in messages.indices.compactMap { answers[$0] } }
    }
}
