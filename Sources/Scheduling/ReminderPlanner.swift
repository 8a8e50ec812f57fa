public import Foundation

/// Decides when each reminder of a booking is sent.
///
/// - A reminder's nominal time is start − offset in elapsed time, so "24 h
///   before" is 24 real hours even when the clocks change in between.
/// - A reminder not yet due when the decision is made is sent at its nominal time.
/// - A reminder whose time has already passed — the booking was made late, or
///   the planner catches up after downtime — is sent at once if at least two
///   thirds of its lead time remain before the start, and skipped otherwise:
///   a booking made 20 h ahead gets its 24 h reminder at once, one made 12 h
///   ahead gets only its 1 h reminder.
public struct ReminderPlanner: Hashable, Sendable {
    /// Lead times before the start, elapsed seconds (the business's `reminder_offsets`).
    public let offsets: [TimeInterval]

    public init(offsets: [TimeInterval] = [24 * 3600, 3600]) {
        precondition(offsets.allSatisfy { $0 > 0 }, "reminder offsets must be positive")
        self.offsets = offsets
    }

    /// Every reminder of a booking starting at `start`, made at `bookedAt`,
    /// decided at `now` (the decision time is the later of the two), in the
    /// order of `offsets`.
    public func plan(start: Date, bookedAt: Date, now: Date) -> [PlannedReminder] {
        let decidedAt = max(bookedAt, now)
        let remaining = start.timeIntervalSince(decidedAt)
        return offsets.map { offset in
            let nominal = start.addingTimeInterval(-offset)
            let timing: PlannedReminder.Timing
            if nominal >= decidedAt {
                timing = .onTime(nominal)
            } else if Self.isWithinGrace(offset: offset, remaining: remaining) {
                timing = .late(decidedAt)
            } else {
                timing = .skipped
            }
            return PlannedReminder(offset: offset, nominal: nominal, timing: timing)
        }
    }
}

extension ReminderPlanner {
    /// The grace rule: a reminder whose time has passed still goes out while
    /// at least two thirds of its lead time `offset` remain before the start
    /// (`remaining`, elapsed seconds). The planner applies it when it plans a
    /// reminder late; the sender applies it again when the reminder runs, so a
    /// reminder planned before downtime is not sent however late.
    public static func isWithinGrace(offset: TimeInterval, remaining: TimeInterval) -> Bool {
        remaining > 0 && remaining * 3 >= offset * 2
    }
}

/// One reminder of one booking and when, if ever, it goes out.
public struct PlannedReminder: Hashable, Sendable {
    public enum Timing: Hashable, Sendable {
        /// Sent at its nominal time.
        case onTime(Date)
        /// Its time had passed; sent at once, at this instant.
        case late(Date)
        /// Its time had passed and too little of its lead time remains.
        case skipped
    }

    /// The lead time this reminder stands for: part of its dedupe key.
    public let offset: TimeInterval
    /// start − offset.
    public let nominal: Date
    public let timing: Timing

    /// When to send, or nil when skipped.
    public var sendAt: Date? {
        switch timing {
        case .onTime(let date), .late(let date): date
        case .skipped: nil
        }
    }
}
