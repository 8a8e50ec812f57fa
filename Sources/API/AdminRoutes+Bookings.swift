import Booking
import Foundation
import HTTPServer
import Postgres
import Vocabulary

extension AdminRoutes {
    /// The most items one page of a list holds.
    static let maxPageSize = 200
    static let statuses = BookingStatus.allCases.map(\.rawValue)
    /// The rule code of a cursor this API did not issue (the schema says only "a string").
    static let invalidCursor = "invalid_cursor"
    /// The body of an action that takes no input: empty, or an object without fields.
    static let noFields = AdminSchema(resource: "this action", fields: [])

    /// Bookings (list, show, cancel, reschedule), customers (show, erase) and the audit trail.
    func registerBookings(on router: inout Router) {
        read(&router, "/v1/admin/bookings") { request, grant, connection in
            var input = InputReader(lookup: { request.query[$0] }, prefix: "")
            let query = request.query
            var filter = BookingList.Filter()
            filter.location = query["location"] == nil ? nil : input.uuid("location")
            filter.provider = query["provider"] == nil ? nil : input.uuid("provider")
            filter.status = query["status"] == nil ? nil : input.string("status", required: true, maxLength: 20)
            if let status = filter.status, !Self.statuses.contains(status) {
                input.fail("status", "must be one of \(Self.statuses.joined(separator: ", "))")
            }
            filter.from = query["from"] == nil ? nil : input.instant("from")
            filter.to = query["to"] == nil ? nil : input.instant("to")
            if let from = filter.from, let to = filter.to, from >= to { input.refuse(InputReader.invalidRange, "to", "must be after from") }
            let cursor = query["cursor"].map { BookingList.Cursor(token: $0) }
            if cursor == .some(nil) { input.refuse(Self.invalidCursor, "cursor", "must be a next_cursor this list returned") }
            let limit = Self.pageSize(&input, query)
            try input.finish()
            let page = try BookingList.page(business: grant.businessID, filter: filter, after: cursor ?? nil, limit: limit, on: connection)
            return Self.list(page.items, next: page.next?.token)
        }
        read(&router, "/v1/admin/bookings/{id}") { request, grant, connection in
            Self.json(try BookingList.booking(business: grant.businessID, id: try Self.id(request), on: connection))
        }
        change(&router, .post, "/v1/admin/bookings/{id}/cancel") { request, grant, connection in
            var input = try InputReader(body: request.body)
            let reason = input.string("reason", required: true, maxLength: 500)
            try input.finish()
            let id = try Self.id(request)
            _ = try api.store.cancel(booking: id, business: grant.businessID, reason: reason ?? "", on: connection)
            return Outcome(response: Self.json(try BookingList.booking(business: grant.businessID, id: id, on: connection)),
                           targets: ["booking": APIJSON.id(id)], summary: "cancelled booking")
        }
        change(&router, .post, "/v1/admin/bookings/{id}/reschedule") { request, grant, connection in
            var input = try InputReader(body: request.body)
            let start = input.instant("start")
            _ = input.string("reason", required: true, maxLength: 500)
            try input.finish()
            guard let start else { throw APIError.validation(input.errors) }
            let id = try Self.id(request)
            let moved = try api.store.reschedule(booking: id, business: grant.businessID, to: start, on: connection)
            let booking = try BookingList.booking(business: grant.businessID, id: id, on: connection)
            let when = moved.booking.startsAt.formatted(.iso8601)
            guard !moved.unchanged else {
                return Outcome(response: Self.json(Self.markedUnchanged(booking)), targets: ["booking": APIJSON.id(id)],
                               summary: "booking already at \(when): unchanged")
            }
            return Outcome(response: Self.json(booking), targets: ["booking": APIJSON.id(id)], summary: "rescheduled booking to \(when)")
        }
        read(&router, "/v1/admin/customers/{id}") { request, grant, connection in
            Self.json(try CustomerStore.customer(business: grant.businessID, id: try Self.id(request), on: connection))
        }
        change(&router, .post, "/v1/admin/customers/{id}/erase") { request, grant, connection in
            _ = try Self.noFields.read(request.body, isCreate: false)
            let id = try Self.id(request)
            let bookings = try CustomerStore.erase(business: grant.businessID, id: id, erasure: erasure, on: connection)
            return Outcome(response: Self.json(try CustomerStore.customer(business: grant.businessID, id: id, on: connection)),
                           targets: ["customer": APIJSON.id(id)], summary: "erased customer (\(bookings.count) booking(s) kept)")
        }
        read(&router, "/v1/admin/audit") { request, grant, connection in
            var input = InputReader(lookup: { request.query[$0] }, prefix: "")
            let cursor = request.query["cursor"].map { Int($0).flatMap { $0 > 0 ? $0 : nil } }
            if cursor == .some(nil) { input.refuse(Self.invalidCursor, "cursor", "must be a next_cursor this list returned") }
            let limit = Self.pageSize(&input, request.query)
            try input.finish()
            let entries = try AuditLog.page(business: grant.businessID, before: cursor ?? nil, limit: limit + 1, on: connection)
            let shown = entries.prefix(limit)
            return Self.list(shown.map(\.json), next: entries.count > limit ? shown.last.map { String($0.id) } : nil)
        }
    }

    /// A booking object made by PostgreSQL with `"unchanged":true` added, for
    /// a reschedule to the time it already had.
    static func markedUnchanged(_ booking: String) -> String {
        precondition(booking.hasSuffix("}"), "a booking is a JSON object")
        return String(booking.dropLast()) + ",\"unchanged\":true}"
    }

    /// `?limit=`: 1 to 200, 50 when absent.
    static func pageSize(_ input: inout InputReader, _ query: QueryParameters) -> Int {
        guard let text = query["limit"] else { return 50 }
        guard let limit = Int(text), (1...maxPageSize).contains(limit) else {
            input.fail("limit", "must be a whole number from 1 to \(maxPageSize)")
            return 50
        }
        return limit
    }
}
