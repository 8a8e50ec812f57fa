import Booking
import Foundation
import Vocabulary

/// A booking as the API shows it to its customer. The manage token appears
/// only in the answer to the POST that created the booking.
struct BookingView: Encodable {
    struct Named: Encodable {
        let id: String
        let name: String
    }

    let id: String
    let status: String
    let start: Date
    let end: Date
    let localStart: String
    let localEnd: String
    let timeZone: String
    let version: Int
    let location: Named
    let service: Named
    let provider: Named
    /// Until when the customer may cancel or reschedule.
    let changeDeadline: Date
    let changeable: Bool
    let manageToken: String?
    /// Only in the answer to a reschedule to the time the booking already had
    /// (then nothing changed); absent otherwise.
    let unchanged: Bool?

    init(_ booking: BookingRecord, manageToken: String? = nil, unchanged: Bool = false) {
        let zone = TimeZone(identifier: booking.timeZone) ?? .gmt
        id = APIJSON.id(booking.id)
        status = booking.status.rawValue
        start = booking.startsAt
        end = booking.endsAt
        localStart = APIJSON.local(booking.startsAt, zone)
        localEnd = APIJSON.local(booking.endsAt, zone)
        timeZone = booking.timeZone
        version = booking.version
        location = Named(id: APIJSON.id(booking.locationID), name: booking.locationName)
        service = Named(id: APIJSON.id(booking.serviceID), name: booking.serviceName)
        provider = Named(id: APIJSON.id(booking.providerID), name: booking.providerName)
        changeDeadline = booking.changeDeadline
        changeable = booking.isChangeable
        self.manageToken = manageToken
        self.unchanged = unchanged ? true : nil
    }
}
