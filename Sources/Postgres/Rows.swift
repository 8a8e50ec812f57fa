import CLibPQ
import Foundation

/// The rows of one statement's result: the single owner of a libpq `PGresult`.
///
/// Values arrive in text format and are decoded on access, so a column that is
/// never read costs nothing.
///
/// `@unchecked Sendable`: a `PGresult` is immutable once returned and libpq
/// documents reading it from any thread as safe; this class never mutates it.
public final class Rows: @unchecked Sendable, RandomAccessCollection {
    let result: OpaquePointer
    public let startIndex = 0
    public let endIndex: Int

    init(_ result: OpaquePointer) {
        self.result = result
        self.endIndex = Int(PQntuples(result))
    }

    deinit { PQclear(result) }

    public subscript(position: Int) -> Row { Row(rows: self, index: Int32(position)) }

    /// Rows changed by an INSERT, UPDATE or DELETE (`PQcmdTuples`); 0 for others.
    public var affectedRows: Int { Int(String(cString: PQcmdTuples(result))) ?? 0 }

    /// The result's column names, in order.
    public var columns: [String] {
        (0..<PQnfields(result)).map { String(cString: PQfname(result, $0)) }
    }

    func columnIndex(_ name: String) throws -> Int32 {
        let index = PQfnumber(result, name)
        guard index >= 0 else {
            throw PostgresError(.decode, "no column '\(name)' in result (columns: \(columns.joined(separator: ", ")))")
        }
        return index
    }
}

/// One row of `Rows`; decodes its columns by name or position.
public struct Row: Sendable {
    let rows: Rows
    let index: Int32

    /// Decodes column `name` as `T`.
    /// - Throws: `PostgresError.decode` naming the column, its PostgreSQL type and `T`.
    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self, _ name: String) throws -> T {
        try decode(type, at: try rows.columnIndex(name))
    }

    /// Decodes the column at `column` (0-based) as `T`.
    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self, at column: Int32) throws -> T {
        let result = rows.result
        guard column >= 0, column < PQnfields(result) else {
            throw PostgresError(.decode, "no column \(column) in result")
        }
        if PQgetisnull(result, index, column) != 0 {
            if let null = T.postgresNull { return null }
            throw failure(column, T.self, "is NULL")
        }
        let length = Int(PQgetlength(result, index, column))
        let bytes = UnsafeRawBufferPointer(start: PQgetvalue(result, index, column), count: length)
        do {
            return try T(postgresText: String(decoding: bytes, as: UTF8.self))
        } catch {
            throw failure(column, T.self, error.reason)
        }
    }

    /// Decodes a column as JSON (a `json` or `jsonb` value) into `T`.
    public func decodeJSON<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
        let text: String = try decode(String.self, name)
        do {
            return try jsonDecoder.decode(T.self, from: Data(text.utf8))
        } catch {
            throw PostgresError(.decode, "column '\(name)' (\(typeName(try rows.columnIndex(name)))) is not valid JSON for \(T.self): \(error)")
        }
    }

    private func typeName(_ column: Int32) -> String {
        PostgresTypeName.of(oid: PQftype(rows.result, column))
    }

    private func failure(_ column: Int32, _ swiftType: Any.Type, _ reason: String) -> PostgresError {
        let name = String(cString: PQfname(rows.result, column))
        return PostgresError(.decode, "column '\(name)' of type \(typeName(column)) cannot be decoded as \(swiftType): \(reason)")
    }
}

private let jsonDecoder = JSONDecoder()

/// Names of the built-in types the decoder meets, for error messages.
enum PostgresTypeName {
    static func of(oid: UInt32) -> String {
        switch oid {
        case 16: "boolean"
        case 17: "bytea"
        case 18: "char"
        case 19: "name"
        case 20: "bigint"
        case 21: "smallint"
        case 23: "integer"
        case 25: "text"
        case 114: "json"
        case 700: "real"
        case 701: "double precision"
        case 1009: "text[]"
        case 1016: "bigint[]"
        case 1007: "integer[]"
        case 1043: "character varying"
        case 1082: "date"
        case 1083: "time"
        case 1114: "timestamp"
        case 1184: "timestamptz"
        case 1186: "interval"
        case 1700: "numeric"
        case 2950: "uuid"
        case 3802: "jsonb"
        case 3910: "tstzrange"
        default: "oid \(oid)"
        }
    }
}
