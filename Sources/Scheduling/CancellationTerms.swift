public import Foundation

/// When a customer may still cancel or reschedule one booking.
///
/// The notice is the business's policy copied onto the booking when it was
/// made (`bookings.cancellation_notice`), so a later policy change never
/// moves a customer's deadline. It is elapsed time: "24 hours before" is 24
/// real hours even across a DST change.
public struct CancellationTerms: Hashable, Sendable {
    public let startsAt: Date
    public let notice: TimeInterval

    public init(startsAt: Date, notice: TimeInterval) {
        precondition(notice >= 0, "notice must not be negative")
        self.startsAt = startsAt
        self.notice = notice
    }

    /// The last instant a customer may cancel or reschedule: start − notice.
    public var deadline: Date { startsAt.addingTimeInterval(-notice) }

    /// Whether a customer may cancel at `now`: up to and including the deadline.
    public func canCancel(now: Date) -> Bool { now <= deadline }

    /// Rescheduling moves the booking and so has the same cut-off as cancelling.
    public func canReschedule(now: Date) -> Bool { canCancel(now: now) }
}
