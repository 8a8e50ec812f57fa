import Foundation
import Vocabulary

extension AdminSchema {
    static let locations = AdminSchema(resource: "a location", fields: [
        AdminField(name: "name", column: "name", kind: .text(maxLength: 200), required: true),
        AdminField(name: "time_zone", column: "time_zone", kind: .zone, required: true),
        AdminField(name: "address", column: "address", kind: .text(maxLength: 500), fallback: ""),
    ])

    static let providers = AdminSchema(resource: "a provider", fields: [
        AdminField(name: "location_id", column: "location_id", kind: .id, required: true),
        AdminField(name: "name", column: "name", kind: .text(maxLength: 200), required: true),
        AdminField(name: "email", column: "email", kind: .email, nullable: true),
        AdminField(name: "phone", column: "phone", kind: .phone, nullable: true),
        AdminField(name: "notify_by_email", column: "notify_by_email", kind: .bool, fallback: true),
    ])

    static let services = AdminSchema(resource: "a service", fields: [
        AdminField(name: "name", column: "name", kind: .text(maxLength: 200), required: true),
        AdminField(name: "duration_minutes", column: "duration", kind: .minutes(minimum: 1), required: true),
        AdminField(name: "buffer_before_minutes", column: "buffer_before", kind: .minutes(minimum: 0), fallback: "0 minutes"),
        AdminField(name: "buffer_after_minutes", column: "buffer_after", kind: .minutes(minimum: 0), fallback: "0 minutes"),
        AdminField(name: "slot_step_minutes", column: "slot_step", kind: .minutes(minimum: 1), fallback: "15 minutes"),
        AdminField(name: "description", column: "description", kind: .paragraphs, nullable: true),
        AdminField(name: "price", column: "price", kind: .price, nullable: true),
    ], finish: splitPrice)

    /// The API's one price object (or null) to the table's two columns, so a
    /// price is always set or cleared whole.
    @Sendable static func splitPrice(_ columns: inout [String: any Sendable], isCreate: Bool, refuse: (String, String, String) -> Void) {
        guard let value = columns.removeValue(forKey: "price") else { return }
        let price = value as? Price
        columns["price_minor"] = price.map { $0.amountMinor as any Sendable } ?? NSNull()
        columns["price_currency"] = price.map { $0.currency as any Sendable } ?? NSNull()
    }

    static let rules = AdminSchema(resource: "an availability rule", fields: [
        AdminField(name: "provider_id", column: "provider_id", kind: .id, required: true, createOnly: true),
        AdminField(name: "weekday", column: "weekday", kind: .weekday, required: true),
        AdminField(name: "start_time", column: "start_time", kind: .time, required: true),
        AdminField(name: "end_time", column: "end_time", kind: .time, required: true),
        AdminField(name: "valid_from", column: "valid_from", kind: .date, nullable: true),
        AdminField(name: "valid_until", column: "valid_until", kind: .date, nullable: true),
    ])

    /// Time off or a closure: `provider_id` or `location_id`, and one shape —
    /// `starts_at`+`ends_at`, `from_date`+`until_date` (inclusive), or
    /// `weekdays`+`start_time`+`end_time`. Giving one shape on a change
    /// replaces the others.
    static let timeOff = AdminSchema(resource: "a time off", fields: [
        AdminField(name: "provider_id", column: "provider_id", kind: .id, createOnly: true),
        AdminField(name: "location_id", column: "location_id", kind: .id, createOnly: true),
        AdminField(name: "kind", column: "kind", kind: .choice(["holiday", "lunch", "personal", "sick", "training", "other"]), required: true),
        AdminField(name: "starts_at", column: "starts_at", kind: .instant),
        AdminField(name: "ends_at", column: "ends_at", kind: .instant),
        AdminField(name: "from_date", column: "from_date", kind: .date),
        AdminField(name: "until_date", column: "until_date", kind: .date),
        AdminField(name: "weekdays", column: "weekdays", kind: .weekdays),
        AdminField(name: "start_time", column: "start_time", kind: .time),
        AdminField(name: "end_time", column: "end_time", kind: .time),
        AdminField(name: "note", column: "note", kind: .text(maxLength: 500), fallback: ""),
    ], finish: combineTimeOff)

    /// Turns the API's pairs into the table's range columns and checks that
    /// exactly one owner and one whole shape were given.
    /// Rules the schema cannot state: `invalid_combination` for the owner and
    /// the shape, `invalid_range` for an end before its start.
    @Sendable static func combineTimeOff(_ columns: inout [String: any Sendable], isCreate: Bool, refuse: (String, String, String) -> Void) {
        let combination = "invalid_combination", range = InputReader.invalidRange
        if isCreate, (columns["provider_id"] == nil) == (columns["location_id"] == nil) {
            refuse(combination, "provider_id", "give either provider_id (time off) or location_id (a closure of the whole location)")
        }
        let instants = (columns.removeValue(forKey: "starts_at") as? Date, columns.removeValue(forKey: "ends_at") as? Date)
        let dates = (columns.removeValue(forKey: "from_date") as? String, columns.removeValue(forKey: "until_date") as? String)
        let weekly = [columns["weekdays"], columns["start_time"], columns["end_time"]].map { $0 != nil }
        let shapes = [instants.0 != nil || instants.1 != nil, dates.0 != nil || dates.1 != nil, weekly.contains(true)]
        guard shapes.filter({ $0 }).count <= 1, isCreate ? shapes.contains(true) : true else {
            refuse(combination, "starts_at", "give exactly one of: starts_at and ends_at; from_date and until_date; weekdays, start_time and end_time")
            return
        }
        if shapes[0] {
            guard let start = instants.0, let end = instants.1 else { return refuse(combination, "ends_at", "give starts_at and ends_at together") }
            guard start < end else { return refuse(range, "ends_at", "must be after starts_at") }
            columns["period"] = "[\(start.formatted(.iso8601)),\(end.formatted(.iso8601)))"
            columns["dates"] = NSNull()
        } else if shapes[1] {
            guard let from = dates.0, let until = dates.1 else { return refuse(combination, "until_date", "give from_date and until_date together") }
            guard from <= until else { return refuse(range, "until_date", "must not be before from_date") }
            columns["dates"] = "[\(from),\(until)]"
            columns["period"] = NSNull()
        } else if shapes[2] {
            guard !weekly.contains(false) else { return refuse(combination, "weekdays", "give weekdays, start_time and end_time together") }
            columns["period"] = NSNull()
            columns["dates"] = NSNull()
            return
        } else {
            return
        }
        for column in ["weekdays", "start_time", "end_time"] { columns[column] = NSNull() }
    }

    /// The business's policies; every field optional, as in a PATCH.
    static let policies = AdminSchema(resource: "the policies", fields: [
        AdminField(name: "min_notice_minutes", column: "min_notice", kind: .minutes(minimum: 0)),
        AdminField(name: "booking_horizon_minutes", column: "booking_horizon", kind: .minutes(minimum: 1)),
        AdminField(name: "cancellation_notice_minutes", column: "cancellation_notice", kind: .minutes(minimum: 0)),
        AdminField(name: "reminder_offsets_minutes", column: "reminder_offsets", kind: .minutesList(maxCount: 5)),
        AdminField(name: "waitlist_policy", column: "waitlist_policy", kind: .choice(["hold", "notify_all"])),
        AdminField(name: "waitlist_hold_minutes", column: "waitlist_hold", kind: .minutes(minimum: 1)),
        AdminField(name: "sms_quiet_start", column: "sms_quiet_start", kind: .time, nullable: true),
        AdminField(name: "sms_quiet_end", column: "sms_quiet_end", kind: .time, nullable: true),
        AdminField(name: "sender_name", column: "sender_name", kind: .text(maxLength: 100)),
        AdminField(name: "reply_to", column: "reply_to", kind: .email, nullable: true),
    ])
}
