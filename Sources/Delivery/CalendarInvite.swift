public import Foundation

/// An iCalendar (RFC 5545) event sent with a confirmation, reschedule or cancellation.
///
/// The UID is derived from the booking alone, so every change of one booking
/// updates the same calendar entry; `sequence` must grow with each change
/// (the booking's version serves), or calendar clients ignore the update.
public struct CalendarInvite: Sendable {
    /// iTIP method; the MIME part's `method=` parameter always matches it.
    public enum Method: String, Sendable {
        case request = "REQUEST"
        case cancel = "CANCEL"
        /// A calendar file to download and import (a booking page's "add to
        /// calendar"): no organizer or attendee, nobody to answer.
        case publish = "PUBLISH"
    }

    public var method: Method
    public var bookingID: String
    /// The domain that scopes the UID (the business's or the platform's).
    public var domain: String
    public var sequence: Int
    public var start: Date
    public var end: Date
    /// When this version was produced (`DTSTAMP`).
    public var stamp: Date
    public var summary: String
    public var location: String?
    public var details: String?
    /// nil for `.publish` files, which name no participants.
    public var organizer: EmailAddress?
    public var attendee: EmailAddress?

    public init(method: Method, bookingID: String, domain: String, sequence: Int, start: Date, end: Date,
                stamp: Date, summary: String, location: String? = nil, details: String? = nil,
                organizer: EmailAddress?, attendee: EmailAddress?) {
        self.method = method
        self.bookingID = bookingID
        self.domain = domain
        self.sequence = sequence
        self.start = start
        self.end = end
        self.stamp = stamp
        self.summary = summary
        self.location = location
        self.details = details
        self.organizer = organizer
        self.attendee = attendee
    }

    /// The stable UID: `booking-<id>@<domain>`, with any unsafe character of the id dropped.
    public var uid: String {
        let id = String(bookingID.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic
            || ("0"..."9").contains($0) || "-._".unicodeScalars.contains($0)) })
        return "booking-\(id)@\(domain.filter { $0.isASCII && !$0.isWhitespace })"
    }
}
