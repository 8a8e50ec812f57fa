import Booking
import Foundation
import HTTPServer

/// What a calendar page's query chooses: a location of the session's business
/// (the first by name when none), optionally one of its providers, and a day
/// (today when none) on the location's wall clock.
struct CalendarChoice {
    let locations: [Catalog.LocationEntry]
    let location: Catalog.LocationEntry
    /// The location's providers.
    let providers: [Catalog.ProviderEntry]
    let provider: UUID?
    /// Gregorian, in the location's zone, weeks from Monday.
    let calendar: Calendar
    /// The start of the chosen day.
    let day: Date
    /// A `day` was typed that is not a date; today is shown instead.
    let badDay: Bool

    /// nil when the query names a location, or a provider of the location,
    /// that is not the business's: not found, whatever else the business has.
    /// - Precondition: the business has a location.
    init?(query: QueryParameters, locations: [Catalog.LocationEntry], providers all: [Catalog.ProviderEntry], now: Date = Date()) {
        precondition(!locations.isEmpty, "a calendar needs a location")
        let chosenLocation = query["location"].flatMap { $0.isEmpty ? nil : $0 }
        if let chosenLocation, !locations.contains(where: { $0.id == UUID(uuidString: chosenLocation) }) { return nil }
        let location = chosenLocation.flatMap { id in locations.first { $0.id == UUID(uuidString: id) } } ?? locations[0]
        let chosenProvider = query["provider"].flatMap { $0.isEmpty ? nil : $0 }
        let here = all.filter { $0.locationID == location.id }
        if let chosenProvider, !here.contains(where: { $0.id == UUID(uuidString: chosenProvider) }) { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: location.timeZone) ?? .gmt
        calendar.firstWeekday = 2
        var day = calendar.startOfDay(for: now)
        var badDay = false
        if let typed = query["day"], !typed.isEmpty {
            if let parsed = BusinessConsole.parseDay(typed, calendar) { day = parsed } else { badDay = true }
        }
        self.locations = locations
        self.location = location
        providers = here
        provider = chosenProvider.flatMap(UUID.init(uuidString:))
        self.calendar = calendar
        self.day = day
        self.badDay = badDay
    }

    /// The calendar page for `day` (this choice's when nil), as a day or a week.
    func href(day: Date? = nil, week: Bool) -> String {
        "/console/calendar?location=\(Self.id(location.id))&provider=\(provider.map(Self.id) ?? "")"
            + "&day=\(BusinessConsole.dayText(day ?? self.day, calendar))" + (week ? "&view=week" : "")
    }

    /// `day` moved by whole local days (across a change of the clocks too).
    func adding(days: Int, to day: Date) -> Date {
        calendar.date(byAdding: .day, value: days, to: day) ?? day.addingTimeInterval(Double(days) * 86_400)
    }

    /// The Monday starting the chosen day's week.
    var weekStart: Date {
        let weekday = calendar.component(.weekday, from: day)  // Sunday is 1
        return adding(days: -((weekday + 5) % 7), to: day)
    }

    /// ISO weekday (Monday 1 … Sunday 7) of an instant on the location's wall clock.
    func isoWeekday(_ date: Date) -> Int {
        (calendar.component(.weekday, from: date) + 5) % 7 + 1
    }

    static func id(_ id: UUID) -> String { id.uuidString.lowercased() }
}
