public import Foundation

extension SlotFinder {
    /// The free start times with any provider here who offers the service
    /// (rule 9): one entry per start instant, naming every provider free then.
    ///
    /// Providers at another location or without the service are left out, so a
    /// caller may pass every schedule of the business.
    public func slots(for service: Service, schedules: [ProviderSchedule], in range: Range<Date>, now: Date) -> [PooledSlot] {
        var providersByStart: [Date: [UUID]] = [:]
        for schedule in schedules where offers(service, schedule.provider) {
            for slot in slots(for: service, schedule: schedule, in: range, now: now) {
                providersByStart[slot.start, default: []].append(slot.providerID)
            }
        }
        return providersByStart.keys.sorted().map { start in
            PooledSlot(start: start, end: start.addingTimeInterval(service.duration), providerIDs: providersByStart[start] ?? [])
        }
    }
}
