public import Postgres
public import Vocabulary

extension Row {
    /// A `bookings.status` column as its type; the column's CHECK admits no other value.
    public func decodeStatus(_ name: String = "status") throws -> BookingStatus {
        let text = try decode(String.self, name)
        guard let status = BookingStatus(rawValue: text) else { throw PostgresError(.decode, "'\(text)' is not a booking status") }
        return status
    }
}
