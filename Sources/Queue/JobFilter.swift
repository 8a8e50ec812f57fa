public import Foundation
import Postgres

/// Which jobs the operator console lists: every field nil means no filter.
/// Times bound `created_at` for the jobs list and `finished_at` for dead letters.
public struct JobFilter: Sendable, Equatable {
    public var state: JobState?
    public var queue: String?
    public var kind: String?
    public var businessID: UUID?
    public var bookingID: UUID?
    public var from: Date?
    public var until: Date?

    public init(state: JobState? = nil, queue: String? = nil, kind: String? = nil, businessID: UUID? = nil,
                bookingID: UUID? = nil, from: Date? = nil, until: Date? = nil) {
        self.state = state
        self.queue = queue
        self.kind = kind
        self.businessID = businessID
        self.bookingID = bookingID
        self.from = from
        self.until = until
    }

    /// The filter's values in the order the statements number them ($1…$7).
    var parameters: [(any PostgresEncodable)?] { [state?.rawValue, queue, kind, businessID, bookingID, from, until] }

    /// The filter's conditions on `jobs` (alias-free), numbered $1…$7; `time` is the column the range bounds.
    static func conditions(time: String) -> String {
        """
        ($1::text IS NULL OR state = $1) AND ($2::text IS NULL OR queue = $2) AND ($3::text IS NULL OR kind = $3)
           AND ($4::uuid IS NULL OR business_id = $4) AND ($5::uuid IS NULL OR booking_id = $5)
           AND ($6::timestamptz IS NULL OR \(time) >= $6) AND ($7::timestamptz IS NULL OR \(time) < $7)
        """
    }
}
