import Foundation
import Testing
@testable import Scheduling

/// The engine and the API ask a zone for its offset only near its
/// transitions (`ZoneOffsets`, `WallClock.Resolver`); both must answer exactly
/// as asking every time does, in order and out of it, across every kind of
/// change: half-hour DST, negative DST, DST switched by religious calendar, a
/// date-line jump, a two-hour summer shift.
@Suite struct WallClockResolverTests {
    static let zones = ["America/New_York", "Europe/London", "Europe/Dublin", "Australia/Lord_Howe", "Africa/Casablanca",
                        "Pacific/Apia", "Pacific/Chatham", "America/Santiago", "Asia/Tehran", "America/St_Johns",
                        "Antarctica/Troll", "Asia/Kolkata", "UTC"]

    @Test(arguments: zones)
    func theOffsetsCursorAgreesWithTheZone(zone name: String) {
        let zone = TimeZone(identifier: name)!
        var offsets = ZoneOffsets(zone)
        let start = Date(timeIntervalSince1970: 1_735_689_600)   // 2025-01-01
        let hours = (0..<(3 * 8_760)).map { start.addingTimeInterval(Double($0) * 3_600 + 1_799) }   // three years
        for instant in hours + hours.reversed() where offsets.at(instant) != zone.secondsFromGMT(for: instant) {
            Issue.record("\(name) at \(instant): \(offsets.at(instant)), the zone says \(zone.secondsFromGMT(for: instant))")
            return
        }
    }

    @Test(arguments: zones)
    func theResolverAgreesWithTheFullRule(zone name: String) {
        let clock = WallClock(TimeZone(identifier: name)!)
        let first = Int64(LocalDate(year: 2025, month: 1, day: 1).dayNumber) * 86_400
        let steps = (0..<(400 * 96)).map { first + Int64($0) * 900 }   // every 15 minutes for 400 days
        var resolver = WallClock.Resolver(clock)
        for local in steps + steps.reversed() {
            let expected = clock.resolve(localSeconds: local)
            let found = resolver.resolve(localSeconds: local)
            if found != expected {
                Issue.record("\(name) at local seconds \(local): \(found), the full rule says \(expected)")
                return
            }
        }
    }
}
