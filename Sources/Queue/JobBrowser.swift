public import Foundation
public import Postgres

/// The operator console's job list: any state, filtered, newest first, one
/// page at a time by keyset (`id` below a cursor).
///
/// Every statement is bounded, so a filter never slows the queue: a booking
/// id goes through `jobs_booking_idx`, dead jobs through the partial
/// `jobs_dead_idx`, and anything else reads at most `scanWindow` rows of the
/// primary key below the cursor and filters those; when a window holds fewer
/// matches than a page, the page says how far it looked and continues from there.
public enum JobBrowser {
    /// One row of the list.
    public struct Item: Sendable, Equatable {
        public var id: Int64
        public var queue: String
        public var kind: String
        public var state: JobState
        public var businessID: UUID?
        public var bookingID: UUID?
        public var attempt: Int
        public var runAt: Date
        public var createdAt: Date
        public var finishedAt: Date?
        public var lastErrorCode: String?

        init(row: Row) throws {
            id = try row.decode(Int64.self, "id")
            queue = try row.decode(String.self, "queue")
            kind = try row.decode(String.self, "kind")
            state = JobState(rawValue: try row.decode(String.self, "state")) ?? .dead
            businessID = try row.decode(UUID?.self, "business_id")
            bookingID = try row.decode(UUID?.self, "booking_id")
            attempt = try row.decode(Int.self, "attempt")
            runAt = try row.decode(Date.self, "run_at")
            createdAt = try row.decode(Date.self, "created_at")
            finishedAt = try row.decode(Date?.self, "finished_at")
            lastErrorCode = try row.decode(String?.self, "last_error_code")
        }
    }

    /// A page: its rows, and the cursor of the next (nil at the end).
    public struct Page: Sendable, Equatable {
        public var items: [Item]
        public var next: Int64?
    }

    /// Rows of the primary key one page may read when no index serves the filter.
    public static let scanWindow = 20_000

    /// Up to `limit` jobs matching `filter` with ids below `before`, newest first.
    public static func page(_ filter: JobFilter, before: Int64?, limit: Int, on connection: Connection) throws -> Page {
        let parameters = filter.parameters + [before, limit]
        if filter.bookingID != nil || filter.state == .dead {
            let rows = try connection.query(filter.bookingID != nil ? bookingSQL : deadSQL, parameters).map(Item.init(row:))
            return Page(items: rows, next: rows.count == limit ? rows.last?.id : nil)
        }
        let rows = try connection.query(scanSQL, parameters + [scanWindow])
        let items = try rows.map(Item.init(row:))
        if items.count == limit { return Page(items: items, next: items.last?.id) }
        // Fewer matches than a page: continue below the window, unless it reached the table's first row.
        let scanned = try connection.query(windowEndSQL, [before, scanWindow])[0]
        let full = try scanned.decode(Int.self, "n") == scanWindow
        return Page(items: items, next: full ? try scanned.decode(Int64?.self, "last") : nil)
    }

    static let columns = "id, queue, kind, state, business_id, booking_id, attempt, run_at, created_at, finished_at, last_error_code"

    /// A window of the primary key read backwards from the cursor, then filtered: at most $10 rows read.
    static let scanSQL = """
        SELECT \(columns) FROM (
            SELECT * FROM jobs WHERE ($8::bigint IS NULL OR id < $8) ORDER BY id DESC LIMIT $10
        ) jobs
         WHERE \(JobFilter.conditions(time: "created_at"))
         ORDER BY id DESC LIMIT $9
        """

    /// Where the window of `scanSQL` ended: an index-only count of the same primary-key range.
    static let windowEndSQL = """
        SELECT count(*)::int AS n, min(id) AS last FROM (
            SELECT id FROM jobs WHERE ($1::bigint IS NULL OR id < $1) ORDER BY id DESC LIMIT $2
        ) w
        """

    /// One booking's jobs through `jobs_booking_idx` (booking_id, id).
    static let bookingSQL = """
        SELECT \(columns) FROM jobs
         WHERE booking_id = $5 AND ($8::bigint IS NULL OR id < $8) AND \(JobFilter.conditions(time: "created_at"))
         ORDER BY id DESC LIMIT $9
        """

    /// Dead jobs by id through the partial `jobs_dead_idx`'s heap rows, newest id first.
    static let deadSQL = """
        SELECT \(columns) FROM jobs
         WHERE state = 'dead' AND ($8::bigint IS NULL OR id < $8) AND \(JobFilter.conditions(time: "created_at"))
         ORDER BY id DESC LIMIT $9
        """
}
