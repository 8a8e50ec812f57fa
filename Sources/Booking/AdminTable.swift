public import Foundation
public import Postgres

/// One table the admin API edits: its statements, each scoped to the
/// business in `$1`, taking and giving JSON.
///
/// The API validates a request into a JSON object of column values; the
/// statements turn it into a row with `jsonb_populate_record`, so an insert
/// reads only the columns it names and an update merges the object into the
/// current row (keys left out keep their value, an explicit null clears it:
/// JSON merge-patch semantics, done by PostgreSQL in one statement). Each
/// row comes back as the JSON object the API answers with, built by the
/// table's `view` expression over the alias `t`. The schema's CHECKs and
/// composite foreign keys stay the final word; their violations come back as
/// `BookingError`s (`BookingError(refusal:deleting:)`).
public struct AdminTable: Sendable {
    /// The statement listing rows: `$1` business, then `filters` in order.
    let list: String
    /// Query parameters `list` takes after the business, in order.
    public let filters: [String]
    let get: String
    let insert: String
    let update: String
    let delete: String

    /// Every row matching `filters` (nil for "any"), as JSON objects.
    public func list(business: UUID, filters values: [UUID?], on connection: Connection) throws -> [String] {
        precondition(values.count == filters.count, "AdminTable.list takes one value per filter")
        return try connection.query(list, [business] + values).map { try $0.decode(String.self, "item") }
    }

    /// - Throws: `BookingError` `notFound`.
    public func get(business: UUID, id: UUID, on connection: Connection) throws -> String {
        try item(connection.query(get, [business, id]))
    }

    /// Inserts the row `values` (a JSON object of column values) describes.
    /// - Throws: `BookingError` when the schema refuses the values.
    public func insert(business: UUID, values: String, on connection: Connection) throws -> String {
        try BookingError.translatingRefusals { try item(connection.query(insert, [business, values])) }
    }

    /// Merges `changes` (a JSON object of column values) into the row.
    /// - Throws: `BookingError` `notFound`.
    public func update(business: UUID, id: UUID, changes: String, on connection: Connection) throws -> String {
        try BookingError.translatingRefusals { try item(connection.query(update, [business, id, changes])) }
    }

    /// Deletes the row and returns it as it was.
    /// - Throws: `BookingError` `notFound`, `inUse`.
    public func delete(business: UUID, id: UUID, on connection: Connection) throws -> String {
        try BookingError.translatingRefusals(deleting: true) { try item(connection.query(delete, [business, id])) }
    }

    private func item(_ rows: Rows) throws -> String {
        guard let row = rows.first else { throw BookingError.notFound("record") }
        return try row.decode(String.self, "item")
    }
}
