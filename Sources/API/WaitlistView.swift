import Booking
import Foundation

/// A waitlist entry as its customer's link and the admin view show it. The
/// token appears only in the answer to the POST that joined.
struct WaitlistView: Encodable {
    let id: String
    let status: String
    let service: String
    let location: String
    /// nil: any provider.
    let provider: String?
    let createdAt: Date
    /// Waiting entries ahead (0: next in line); nil unless waiting.
    let ahead: Int?
    /// The held booking offered, while `offered`.
    let offeredBooking: String?
    /// Admin view only.
    let customerName: String?
    let token: String?

    init(_ entry: WaitlistEntry, token: String? = nil) {
        id = APIJSON.id(entry.id)
        status = entry.status
        service = APIJSON.id(entry.serviceID)
        location = APIJSON.id(entry.locationID)
        provider = entry.providerID.map(APIJSON.id)
        createdAt = entry.createdAt
        ahead = entry.ahead
        offeredBooking = entry.offeredBookingID.map(APIJSON.id)
        customerName = entry.customerName
        self.token = token
    }
}

/// A waitlist offer as its link shows it: the held time and until when it is held.
struct OfferView: Encodable {
    /// `open`, `expired` or `accepted`.
    let state: String
    let expiresAt: Date?
    let booking: BookingView

    init(_ offer: Offer) {
        state = offer.state.rawValue
        expiresAt = offer.state == .open ? offer.expiresAt : nil
        booking = BookingView(offer.booking)
    }
}

/// The admin list of a business's waitlist.
struct WaitlistListView: Encodable {
    let data: [WaitlistView]
}
