import Foundation
import Scheduling

/// Shared builders for the engine tests: a salon location, its services and
/// providers, and instants written as ISO 8601 with an explicit offset so each
/// test states exactly which instant it means.
enum Fixtures {
    static let newYork = TimeZone(identifier: "America/New_York")!
    static let london = TimeZone(identifier: "Europe/London")!

    static let locationID = UUID(uuidString: "00000000-0000-0000-0000-0000000000a1")!
    static let haircutID = UUID(uuidString: "00000000-0000-0000-0000-0000000000b1")!

    /// Haircut: 30 min, offered every 30 min, no buffers unless a test adds them.
    static func service(minutes: Int = 30, before: Int = 0, after: Int = 0, step: Int = 30) -> Service {
        Service(id: haircutID, duration: TimeInterval(minutes * 60), bufferBefore: TimeInterval(before * 60),
                bufferAfter: TimeInterval(after * 60), slotStep: TimeInterval(step * 60))
    }

    static func provider(_ n: Int = 1, location: UUID = locationID, services: Set<UUID> = [haircutID]) -> Provider {
        Provider(id: UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", n))!, locationID: location, serviceIDs: services)
    }

    static func finder(_ zone: TimeZone = newYork, notice: Int = 0, horizonDays: Int = 365, closures: [Closure] = []) -> SlotFinder {
        SlotFinder(location: Location(id: locationID, timeZone: zone),
                   policy: BookingPolicy(minimumNotice: TimeInterval(notice * 60), horizon: TimeInterval(horizonDays * 86_400)),
                   closures: closures)
    }

    /// Monday to Friday 9:00–17:00.
    static let officeHours = AvailabilityRule.weekly(Weekday.workdays, from: time(9), to: time(17))

    static func schedule(_ rules: [AvailabilityRule] = officeHours, timeOff: [TimeOff] = [], booked: [Range<Date>] = [],
                         provider: Provider = provider()) -> ProviderSchedule {
        ProviderSchedule(provider: provider, rules: rules, timeOff: timeOff, booked: booked)
    }

    static func time(_ hour: Int, _ minute: Int = 0) -> LocalTime { LocalTime(hour: hour, minute: minute) }

    static func date(_ year: Int, _ month: Int, _ day: Int) -> LocalDate { LocalDate(year: year, month: month, day: day) }

    /// An instant from ISO 8601 text, e.g. "2025-03-10T09:00:00-04:00".
    static func at(_ text: String) -> Date {
        guard let date = try? Date(text, strategy: .iso8601) else { preconditionFailure("bad instant \(text)") }
        return date
    }

    /// A local day in `zone` as a query range: local midnight to the next local midnight.
    static func day(_ date: LocalDate, in zone: TimeZone = newYork) -> Range<Date> {
        let clock = WallClock(zone)
        return clock.instant(date, .midnight)!..<clock.instant(date.adding(days: 1), .midnight)!
    }

    /// A "now" long before every test's dates, so notice and horizon do not interfere.
    static let longAgo = at("2025-01-01T00:00:00Z")

    /// Start times as local "HH:MM" strings, for readable expectations.
    static func localTimes(_ starts: [Date], in zone: TimeZone = newYork) -> [String] {
        starts.map { WallClock(zone).localTime(of: $0).description }
    }

    static func minutes(_ n: Double) -> TimeInterval { n * 60 }
    static func hours(_ n: Double) -> TimeInterval { n * 3600 }
}
