public import Foundation
public import Postgres

/// Dead letters by the console's filters (queue, kind, business, booking, time
/// of death), newest first by keyset, and the bulk actions over "all
/// matching". Every statement starts from the partial `jobs_dead_idx`, so the
/// live queue's rows are never read.
extension DeadLetters {
    /// Where a page of dead letters continues: below this (finished_at, id).
    public struct Cursor: Sendable, Equatable {
        public var finishedAt: Date
        public var id: Int64

        public init(finishedAt: Date, id: Int64) {
            self.finishedAt = finishedAt
            self.id = id
        }
    }

    /// Most jobs one bulk action covers: a dry run over them stays within seconds.
    public static let bulkLimit = 10_000

    /// Up to `limit` dead jobs matching `filter` after `cursor`, newest death first.
    public static func page(_ filter: JobFilter, after cursor: Cursor?, limit: Int, on connection: Connection) throws -> [DeadJob] {
        try connection.query(pageSQL, deadParameters(filter) + [cursor?.finishedAt, cursor?.id, limit]).map(DeadJob.init(row:))
    }

    /// How many dead jobs match `filter`, counting at most `bulkLimit + 1` (so "more than" can be said).
    public static func count(_ filter: JobFilter, on connection: Connection) throws -> Int {
        try connection.query(countSQL, deadParameters(filter) + [bulkLimit + 1])[0].decode(Int.self, "n")
    }

    /// The ids of the dead jobs matching `filter`, at most `bulkLimit`, oldest id first.
    public static func ids(_ filter: JobFilter, on connection: Connection) throws -> [Int64] {
        try connection.query(matchingIDsSQL, deadParameters(filter) + [bulkLimit]).map { try $0.decode(Int64.self, "id") }
    }

    /// The dead filter never filters by state: the statements say `state = 'dead'` themselves, for the partial index.
    static func deadParameters(_ filter: JobFilter) -> [(any PostgresEncodable)?] {
        var filter = filter
        filter.state = nil
        return filter.parameters
    }

    /// `jobs_dead_idx` (finished_at DESC, id DESC) read from the cursor.
    static let pageSQL = """
        SELECT \(columns) FROM jobs
         WHERE state = 'dead' AND \(JobFilter.conditions(time: "finished_at"))
           AND ($8::timestamptz IS NULL OR (finished_at, id) < ($8, $9))
         ORDER BY finished_at DESC, id DESC LIMIT $10
        """

    static let countSQL = """
        SELECT count(*)::int AS n FROM (
            SELECT 1 FROM jobs WHERE state = 'dead' AND \(JobFilter.conditions(time: "finished_at")) LIMIT $8
        ) m
        """

    static let matchingIDsSQL = """
        SELECT id FROM (
            SELECT id FROM jobs WHERE state = 'dead' AND \(JobFilter.conditions(time: "finished_at"))
             ORDER BY finished_at DESC, id DESC LIMIT $8
        ) m ORDER BY id
        """
}
