import Foundation
import Testing
@testable import Scheduling

/// The engine resolves a grid's local times through `WallClock.Resolver`,
/// which asks the zone only near its transitions; it must answer exactly as
/// the full rule does, in order and out of it, across every kind of change.
@Suite struct WallClockResolverTests {
    @Test(arguments: ["America/New_York", "Europe/London", "Europe/Dublin", "Australia/Lord_Howe", "Africa/Casablanca",
                      "Pacific/Apia", "Pacific/Chatham", "America/Santiago", "Asia/Tehran", "America/St_Johns",
                      "Antarctica/Troll", "Asia/Kolkata", "UTC"])
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
