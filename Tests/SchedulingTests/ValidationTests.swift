import Foundation
import Scheduling
import Testing

@Suite("Validating one requested start names the first rule it breaks")
struct ValidationTests {
    let now = Fixtures.at("2025-03-10T08:00:00-04:00")
    let lunch = TimeOff(.lunch, .weekly(Weekday.workdays, start: Fixtures.time(12), end: Fixtures.time(13)))
    let booking = Fixtures.at("2025-03-10T15:00:00-04:00")..<Fixtures.at("2025-03-10T15:30:00-04:00")

    func code(_ start: String, finder: SlotFinder = Fixtures.finder(notice: 60, horizonDays: 30),
              service: Service = Fixtures.service(after: 15), requireGrid: Bool = true) -> SchedulingError.Code? {
        let schedule = Fixtures.schedule(timeOff: [lunch], booked: [booking])
        switch finder.validate(start: Fixtures.at(start), service: service, schedule: schedule, now: now, requireGrid: requireGrid) {
        case .success: return nil
        case .failure(let error): return error.code
        }
    }

    @Test func aListedSlotIsValidAndReturnsTheSlot() throws {
        let finder = Fixtures.finder(notice: 60, horizonDays: 30)
        let slot = try finder.validate(start: Fixtures.at("2025-03-10T10:00:00-04:00"), service: Fixtures.service(after: 15),
                                       schedule: Fixtures.schedule(), now: now).get()
        #expect(slot.blocked == Fixtures.at("2025-03-10T10:00:00-04:00")..<Fixtures.at("2025-03-10T10:45:00-04:00"))
    }

    @Test func eachBrokenRuleHasItsOwnCode() {
        #expect(code("2025-03-10T10:00:00-04:00") == nil)
        #expect(code("2025-03-10T08:30:00-04:00") == .tooSoon)
        #expect(code("2025-03-10T07:00:00-04:00") == .tooSoon, "the past is too soon")
        #expect(code("2025-04-21T10:00:00-04:00") == .beyondHorizon)
        #expect(code("2025-03-10T16:30:00-04:00") == .outsideHours, "its cleanup would end at 17:15")
        #expect(code("2025-03-15T10:00:00-04:00") == .outsideHours, "Saturday")
        #expect(code("2025-03-10T10:10:00-04:00") == .offGrid)
        #expect(code("2025-03-10T11:30:00-04:00") == .timeOff, "cleanup runs into lunch")
        #expect(code("2025-03-10T14:30:00-04:00") == .slotTaken, "cleanup runs into the 15:00 booking")
        let closed = Fixtures.finder(notice: 60, horizonDays: 30, closures: [Closure(.dates(Fixtures.date(2025, 3, 11)...Fixtures.date(2025, 3, 11)))])
        #expect(code("2025-03-11T10:00:00-04:00", finder: closed) == .closed)
    }

    @Test func theGridCanBeWaivedForAdmins() {
        #expect(code("2025-03-10T10:10:00-04:00", requireGrid: false) == nil)
        #expect(code("2025-03-10T14:40:00-04:00", requireGrid: false) == .slotTaken)
    }

    @Test func aProviderWithoutTheServiceIsRefused() {
        let schedule = Fixtures.schedule(provider: Fixtures.provider(9, services: []))
        let result = Fixtures.finder().validate(start: Fixtures.at("2025-03-10T10:00:00-04:00"), service: Fixtures.service(),
                                                schedule: schedule, now: now)
        #expect(throws: SchedulingError(.serviceNotOffered, "this provider does not offer the service at this location",
                                        start: Fixtures.at("2025-03-10T10:00:00-04:00"))) { try result.get() }
    }

    @Test func theSecondPassThroughARepeatedHourIsOffGrid() {
        let rule = [AvailabilityRule(weekday: .sunday, start: .midnight, end: Fixtures.time(4))]
        let finder = Fixtures.finder()
        func valid(_ start: String) -> Bool {
            (try? finder.validate(start: Fixtures.at(start), service: Fixtures.service(), schedule: Fixtures.schedule(rule),
                                  now: Fixtures.longAgo).get()) != nil
        }
        #expect(valid("2025-11-02T01:30:00-04:00"))
        #expect(!valid("2025-11-02T01:30:00-05:00"))
    }

    @Test func validationAgreesWithTheSlotListAcrossADay() {
        let finder = Fixtures.finder(notice: 60, horizonDays: 30)
        let service = Fixtures.service(after: 15)
        let schedule = Fixtures.schedule(timeOff: [lunch], booked: [booking])
        let listed = Set(finder.slots(for: service, schedule: schedule, in: Fixtures.day(Fixtures.date(2025, 3, 10)), now: now).map(\.start))
        var start = Fixtures.at("2025-03-10T00:00:00-04:00")
        while start < Fixtures.at("2025-03-11T00:00:00-04:00") {
            let valid = (try? finder.validate(start: start, service: service, schedule: schedule, now: now).get()) != nil
            #expect(valid == listed.contains(start), "\(start)")
            start = start.addingTimeInterval(300)
        }
    }
}
