import Foundation
import Scheduling

/// A random but well-formed week of one provider near a DST change, with the
/// engine inputs and a brute-force oracle that answers "is this instant in
/// working hours / time off?" without using the engine's own conversions.
struct RandomSchedule {
    let zone: TimeZone
    let finder: SlotFinder
    let service: Service
    let schedule: ProviderSchedule
    let range: Range<Date>
    let now: Date
    /// Each rule as it applies on each date of the range: the instants and the grid anchor.
    let ruleWindows: [(interval: Range<Date>, anchor: Int64)]
    let localBlocks: [Range<Date>]
    let instantBusy: [Range<Date>]

    static let zones = ["America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"].map { TimeZone(identifier: $0)! }
    /// Days just before spring-forward and fall-back in the zones above, and one ordinary week.
    static let firstDays = [(2025, 3, 7), (2025, 11, 1), (2025, 3, 29), (2025, 10, 25), (2025, 4, 5), (2025, 10, 4), (2025, 6, 9)]

    init(_ rng: inout SeededGenerator) {
        zone = Self.zones.randomElement(using: &rng)!
        let (y, m, d) = Self.firstDays.randomElement(using: &rng)!
        let first = LocalDate(year: y, month: m, day: d)
        let dates = first...first.adding(days: 3)
        func fiveMinutes(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) * 5 }
        func someDate() -> LocalDate? { Bool.random(using: &rng) ? nil : first.adding(days: Int.random(in: 0...3, using: &rng)) }

        var rules: [AvailabilityRule] = []
        for weekday in Weekday.allCases {
            var cursor = fiveMinutes(1...100)
            for _ in 0..<Int.random(in: 0...2, using: &rng) {
                let start = cursor, end = min(287, start / 5 + Int.random(in: 6...96, using: &rng)) * 5
                guard start < end else { break }
                rules.append(AvailabilityRule(weekday: weekday, start: LocalTime(minutesSinceMidnight: start),
                                              end: LocalTime(minutesSinceMidnight: end), validFrom: someDate(), validUntil: someDate()))
                cursor = end + fiveMinutes(1...36)
                if cursor >= 1430 { break }
            }
        }
        let clock = WallClock(zone)
        let origin = clock.instant(first, .midnight)!
        func someRange(maxMinutes: Int) -> Range<Date> {
            let start = origin.addingTimeInterval(TimeInterval(fiveMinutes(0...1152) * 60))
            return start..<start.addingTimeInterval(TimeInterval(fiveMinutes(1...(maxMinutes / 5)) * 60))
        }
        var timeOff: [TimeOff] = (0..<Int.random(in: 0...2, using: &rng)).map { _ in TimeOff(.personal, .once(someRange(maxMinutes: 300))) }
        for _ in 0..<Int.random(in: 0...2, using: &rng) {
            let start = fiveMinutes(0...280)
            let days = Set((0..<3).map { _ in Weekday.allCases.randomElement(using: &rng)! })
            timeOff.append(TimeOff(.lunch, .weekly(days, start: LocalTime(minutesSinceMidnight: start),
                                                  end: LocalTime(minutesSinceMidnight: min(1440, start + fiveMinutes(1...24))))))
        }
        let booked = (0..<Int.random(in: 0...4, using: &rng)).map { _ in someRange(maxMinutes: 150) }
        var closures: [Closure] = []
        switch Int.random(in: 0...3, using: &rng) {
        case 0: closures = [Closure(.dates(first.adding(days: 2)...first.adding(days: 2)))]
        case 1: closures = [Closure(.instants(someRange(maxMinutes: 600)))]
        default: break
        }

        service = Service(id: Fixtures.haircutID, duration: TimeInterval([15, 30, 45, 60, 90].randomElement(using: &rng)! * 60),
                          bufferBefore: TimeInterval([0, 0, 5, 10, 15].randomElement(using: &rng)! * 60),
                          bufferAfter: TimeInterval([0, 5, 15, 30].randomElement(using: &rng)! * 60),
                          slotStep: TimeInterval([5, 10, 15, 30, 45, 60].randomElement(using: &rng)! * 60))
        schedule = ProviderSchedule(provider: Fixtures.provider(), rules: rules, timeOff: timeOff, booked: booked)
        let policy = BookingPolicy(minimumNotice: TimeInterval(fiveMinutes(0...36) * 60), horizon: TimeInterval(Int.random(in: 1...5, using: &rng) * 86_400))
        finder = SlotFinder(location: Location(id: Fixtures.locationID, timeZone: zone), policy: policy, closures: closures)
        range = origin..<clock.instant(first.adding(days: 3), .midnight)!
        now = origin.addingTimeInterval(TimeInterval(fiveMinutes(-288...576) * 60 + Int.random(in: 0...299, using: &rng)))

        let oracle = BruteForceClock(zone)
        let expanded = (dates.lowerBound.dayNumber - 1...dates.upperBound.dayNumber + 1).map(LocalDate.init(dayNumber:))
        ruleWindows = expanded.flatMap { date in
            rules.filter { $0.applies(on: date) }.map { rule in
                (oracle.boundary(date, rule.start)..<oracle.boundary(date, rule.end), oracle.localSeconds(date, rule.start))
            }
        }
        localBlocks = expanded.flatMap { date in
            timeOff.compactMap { off -> Range<Date>? in
                guard case let .weekly(days, start, end) = off.period, days.contains(date.weekday) else { return nil }
                return oracle.boundary(date, start)..<oracle.boundary(date, end)
            }
        } + closures.compactMap { closure -> Range<Date>? in
            guard case .dates(let days) = closure.period else { return nil }
            return oracle.boundary(days.lowerBound, .midnight)..<oracle.boundary(days.upperBound.adding(days: 1), .midnight)
        }
        instantBusy = booked + timeOff.compactMap { off -> Range<Date>? in
            guard case .once(let range) = off.period else { return nil }
            return range
        } + closures.compactMap { closure -> Range<Date>? in
            guard case .instants(let range) = closure.period else { return nil }
            return range
        }
    }
}

/// Local time to instant by trying every offset the zone uses within two days
/// and, for skipped times, by walking minute by minute to the jump.
struct BruteForceClock {
    let zone: TimeZone

    init(_ zone: TimeZone) {
        self.zone = zone
    }

    func localSeconds(_ date: LocalDate, _ time: LocalTime) -> Int64 {
        Int64(date.dayNumber) * 86_400 + Int64(time.minutesSinceMidnight) * 60
    }

    func offset(_ t: Int64) -> Int64 { Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t)))) }

    /// Every instant whose wall-clock reading is `local`, earliest first.
    func instants(_ local: Int64) -> [Int64] {
        let offsets = Set(stride(from: local - 172_800, through: local + 172_800, by: 3 * 3600).map(offset))
        return offsets.map { local - $0 }.filter { $0 + offset($0) == local }.sorted()
    }

    /// The earliest instant reading `local`, or the first instant after the jump over it.
    func boundary(_ date: LocalDate, _ time: LocalTime) -> Date {
        let local = localSeconds(date, time)
        if let first = instants(local).first { return Date(timeIntervalSince1970: TimeInterval(first)) }
        var t = local - 16 * 3600
        while t + offset(t) <= local { t += 60 }
        return Date(timeIntervalSince1970: TimeInterval(t))
    }
}
