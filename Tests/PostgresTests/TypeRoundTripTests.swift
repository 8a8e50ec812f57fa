import Foundation
import Postgres
import Testing
import TestSupport

@Suite("Values travel to PostgreSQL and back unchanged")
struct TypeRoundTripTests {
    @Test func scalarsRoundTripIncludingNonASCIIText() throws {
        try TestDatabase.with(migrated: false) { db in
            let conn = try db.connect()
            let id = UUID()
            let when = Date(timeIntervalSince1970: 1_795_000_000.123456)
            let row = try conn.query(
                "SELECT $1::int8 AS i, $2::int4 AS i32, $3::text AS s, $4::bool AS b, $5::float8 AS d, $6::timestamptz AS t, $7::uuid AS u",
                [Int64.max, Int32.min, "Zoë 🍣 — 日本語 \"quoted\" \\ back", true, 3.25, when, id])[0]
            #expect(try row.decode(Int64.self, "i") == Int64.max)
            #expect(try row.decode(Int32.self, "i32") == Int32.min)
            #expect(try row.decode(String.self, "s") == "Zoë 🍣 — 日本語 \"quoted\" \\ back")
            #expect(try row.decode(Bool.self, "b") == true)
            #expect(try row.decode(Double.self, "d") == 3.25)
            #expect(try row.decode(Date.self, "t") == when)
            #expect(try row.decode(UUID.self, "u") == id)
        }
    }

    @Test func nullsDecodeAsNilAndFailForNonOptionals() throws {
        try TestDatabase.with(migrated: false) { db in
            let conn = try db.connect()
            let none: String? = nil
            let row = try conn.query("SELECT $1::text AS s, NULL::int8 AS i", [none])[0]
            #expect(try row.decode(String?.self, "s") == nil)
            #expect(try row.decode(Int?.self, "i") == nil)
            let error = try #require(throws: PostgresError.self) { try row.decode(String.self, "s") }
            #expect(error.code == .decode)
            #expect(error.message.contains("'s'") && error.message.contains("NULL"))
        }
    }

    @Test func decodeErrorNamesColumnAndBothTypes() throws {
        try TestDatabase.with(migrated: false) { db in
            let row = try db.connect().query("SELECT 'not a number'::text AS label")[0]
            let error = try #require(throws: PostgresError.self) { try row.decode(Int.self, "label") }
            #expect(error.message.contains("'label'"))
            #expect(error.message.contains("text"))
            #expect(error.message.contains("Int"))
        }
    }

    @Test func byteaArraysJSONAndRanges() throws {
        try TestDatabase.with(migrated: false) { db in
            let conn = try db.connect()
            let bytes = Data((0...255).map { UInt8($0) })
            let words = ["plain", "with space", "comma,inside", "quote\"d", "back\\slash", "NULL", "", "ñandú"]
            let numbers: [Int64] = [1, -2, 9_000_000_000]
            let start = Date(timeIntervalSince1970: 1_800_000_000), end = start.addingTimeInterval(5400)
            struct Payload: Codable, Equatable, Sendable { var name: String; var count: Int }
            let row = try conn.query(
                "SELECT $1::bytea AS b, $2::text[] AS w, $3::bigint[] AS n, $4::jsonb AS j, $5::tstzrange AS r, ARRAY['x', NULL]::text[] AS holes",
                [bytes, words, numbers, JSONParameter(Payload(name: "Zoë", count: 3)), start..<end])[0]
            #expect(try row.decode(Data.self, "b") == bytes)
            #expect(try row.decode([String].self, "w") == words)
            #expect(try row.decode([Int64].self, "n") == numbers)
            #expect(try row.decodeJSON(Payload.self, "j") == Payload(name: "Zoë", count: 3))
            #expect(try row.decode(Range<Date>.self, "r") == start..<end)
            #expect(try row.decode([String?].self, "holes") == ["x", nil])
            #expect(throws: PostgresError.self) { try row.decode([String].self, "holes") }
        }
    }

    @Test(arguments: [
        "1970-01-01 00:00:00+00", "2024-02-29 23:59:59.999999+00", "1969-12-31 23:59:59.5+00", "2038-01-19 03:14:08+00",
    ])
    func timestampsMatchTheServersArithmetic(text: String) throws {
        try TestDatabase.with(migrated: false) { db in
            let row = try db.connect().query("SELECT $1::timestamptz AS t, extract(epoch FROM $1::timestamptz)::float8 AS e", [text])[0]
            let date = try row.decode(Date.self, "t")
            #expect(abs(date.timeIntervalSince1970 - (try row.decode(Double.self, "e"))) < 0.000_001)
        }
    }
}
