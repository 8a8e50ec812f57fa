public import Foundation

extension SlotFinder {
    /// Up to `limit` free starts nearest to `requested` with one provider, for
    /// the 409 answer when the requested time is taken.
    ///
    /// Nearest by elapsed distance, earlier first on a tie, looking `within`
    /// either side; returned in chronological order, as a booking page lists
    /// them. The requested start itself is never suggested.
    public func alternatives(to requested: Date, service: Service, schedule: ProviderSchedule, now: Date,
                             limit: Int = 3, within: TimeInterval = 7 * 86_400) -> [Slot] {
        let found = slots(for: service, schedule: schedule, in: Self.searchRange(requested, within), now: now)
        return Self.nearest(found, to: requested, limit: limit, start: \.start)
    }

    /// Up to `limit` free starts nearest to `requested` with any provider here.
    public func alternatives(to requested: Date, service: Service, schedules: [ProviderSchedule], now: Date,
                             limit: Int = 3, within: TimeInterval = 7 * 86_400) -> [PooledSlot] {
        let found = slots(for: service, schedules: schedules, in: Self.searchRange(requested, within), now: now)
        return Self.nearest(found, to: requested, limit: limit, start: \.start)
    }

    private static func searchRange(_ requested: Date, _ within: TimeInterval) -> Range<Date> {
        requested.addingTimeInterval(-within)..<requested.addingTimeInterval(within)
    }

    private static func nearest<T>(_ items: [T], to requested: Date, limit: Int, start: KeyPath<T, Date>) -> [T] {
        items
            .filter { $0[keyPath: start] != requested }
            .sorted {
                let (a, b) = (abs($0[keyPath: start].timeIntervalSince(requested)), abs($1[keyPath: start].timeIntervalSince(requested)))
                return a != b ? a < b : $0[keyPath: start] < $1[keyPath: start]
            }
            .prefix(limit)
            .sorted { $0[keyPath: start] < $1[keyPath: start] }
    }
}
