import Foundation
import Notifications
import Postgres
import Queue

/// The overview's last-hour figures — attempts per minute and reminders on
/// time — read at most once per `maxAge` by the whole console.
///
/// They are aggregates over an hour of work (at the target scale ~120,000
/// attempts and ~40,000 reminders an hour, a few hundred milliseconds of
/// database time), while the overview refreshes every 5 s in each open tab.
/// The first request past `maxAge` reads them again; requests meanwhile get
/// the figures being replaced, so one request in a window pays, not all. The
/// page says when they were read.
final class HourFigures: @unchecked Sendable {
    struct Figures: Sendable {
        var minutes: [QueueOverview.Minute]
        var reminders: ReminderTimeliness
        var readAt: Date
    }

    private let maxAge: TimeInterval
    private let now: @Sendable () -> Date
    // Guards `latest` and `reading`.
    private let lock = NSLock()
    private var latest: Figures?
    private var reading = false

    init(maxAge: TimeInterval, now: @escaping @Sendable () -> Date) {
        self.maxAge = maxAge
        self.now = now
    }

    /// The figures, read on `connection` when none are younger than `maxAge`
    /// and no other request is reading them already.
    func current(on connection: Connection) throws -> Figures {
        let time = now()
        let cached: Figures? = lock.withLock {
            guard let latest, time.timeIntervalSince(latest.readAt) < maxAge || reading else {
                reading = true
                return nil
            }
            return latest
        }
        if let cached { return cached }
        defer { lock.withLock { reading = false } }
        let fresh = Figures(minutes: try QueueOverview.lastHour(on: connection),
                            reminders: try ReminderTimeliness.lastHour(on: connection), readAt: time)
        lock.withLock { latest = fresh }
        return fresh
    }
}
