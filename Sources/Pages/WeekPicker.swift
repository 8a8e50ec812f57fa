import Booking
import Foundation
import Templates

/// A week of free starts, day by day: the days with free starts are links,
/// the others plain text, and the chosen day's starts are listed. Shared by
/// rescheduling and booking; one availability query covers the week.
struct WeekPicker {
    let times: LocalTimes
    /// Monday 00:00 local of the week shown.
    let weekStart: Date
    /// The local day chosen (`2026-12-08`), when it is in this week.
    let chosenDay: String?
    let slots: [AvailableSlot]

    /// The week holding `requestedDay` (a local day), or the current one; `now` bounds the past.
    static func week(requestedDay: String?, times: LocalTimes, now: Date) -> (start: Date, end: Date, day: String?) {
        let requested = requestedDay.flatMap(times.startOfDay)
        let start = times.startOfWeek(max(requested ?? now, times.startOfDay(of: now)))
        return (start, times.adding(days: 7, to: start), requested.map(times.dayKey))
    }

    /// The template's view: `days`, `slots` of the chosen day, `prev_week`, `next_week`.
    /// `link(day)` is the address of a day; the earliest week shown is the current one.
    func context(now: Date, link: (String) -> String) -> [String: MustacheValue] {
        let byDay = Dictionary(grouping: slots) { times.dayKey($0.start) }
        let days = (0..<7).map { times.adding(days: $0, to: weekStart) }
        let chosen = chosenDay.flatMap { key in days.contains { times.dayKey($0) == key } ? key : nil }
            ?? days.map(times.dayKey).first { byDay[$0] != nil }
        let dayViews: [MustacheValue] = days.map { day in
            let key = times.dayKey(day)
            let count = byDay[key]?.count ?? 0
            return .dictionary(["key": .string(key), "label": .string(times.shortDay(day)), "count": .number(Double(count)),
                                "href": count > 0 ? .string(link(key)) : .null, "chosen": .bool(key == chosen),
                                "past": .bool(times.adding(days: 1, to: day) <= now)])
        }
        let chosenSlots: [MustacheValue] = (chosen.flatMap { byDay[$0] } ?? []).map { slot in
            .dictionary(["iso": .string(slot.start.formatted(.iso8601)), "time": .string(times.time(slot.start)),
                         "end": .string(times.time(slot.end)), "id": .string("start-\(Int(slot.start.timeIntervalSince1970))")])
        }
        let previous = times.adding(days: -7, to: weekStart)
        var context: [String: MustacheValue] = [
            "days": .list(dayViews), "slots": .list(chosenSlots), "zone": .string(times.zoneName),
            "next_week": .string(link(times.dayKey(times.adding(days: 7, to: weekStart)))),
            "week_label": .string("\(times.shortDay(weekStart)) – \(times.shortDay(times.adding(days: 6, to: weekStart)))"),
        ]
        if times.adding(days: 7, to: previous) > now { context["prev_week"] = .string(link(times.dayKey(previous))) }
        if let chosen, let date = times.startOfDay(chosen) {
            context["chosen_day"] = .string(times.day(date))
            context["chosen_key"] = .string(chosen)
        }
        return context
    }
}
