public import Foundation
public import Postgres
import Crypto

/// API keys: each names one business and a scope. The secret is shown once
/// at creation; the database keeps its first characters (to find the row and
/// to show admins which key is which) and the SHA-256 of the whole key,
/// compared in constant time.
public enum APIKeyStore {
    public enum Scope: String, Sendable, Codable, CaseIterable {
        /// Booking pages: browse, book, manage by token.
        case `public`
        /// A business's admins: everything the public scope can, and more.
        case admin

        var label: String { self == .public ? "bk_pub_" : "bk_adm_" }
    }

    public struct Key: Sendable, Hashable, Codable {
        public let id: UUID
        public let businessID: UUID
        public let scope: Scope
        /// The key's first characters; not a secret.
        public let prefix: String
        public let createdAt: Date
        public let revokedAt: Date?
    }

    /// A new key and its secret, which exists nowhere else.
    public struct Created: Sendable {
        public let key: Key
        public let secret: String
    }

    /// What a verified key grants.
    public struct Grant: Sendable, Hashable {
        public let businessID: UUID
        public let keyID: UUID
        public let scope: Scope
        /// The key's first characters (not a secret): how admins tell keys
        /// apart, and what audit entries and template versions name as author.
        public let prefix: String
    }

    /// Characters of the secret kept as the lookup prefix: the 7-character
    /// label and 9 random characters (54 bits, unique by constraint).
    static let prefixLength = 16
    static let randomBytes = 32

    static let insertKey = """
        INSERT INTO api_keys (business_id, scope, prefix, hash) SELECT $1, $2, $3, $4 FROM businesses WHERE id = $1
        RETURNING id, business_id, scope, prefix, created_at, revoked_at
        """
    /// The prefix's unique index finds the row; a disabled business's and a
    /// revoked key's rows do not count.
    static let selectByPrefix = """
        SELECT k.business_id, k.id, k.scope, k.hash FROM api_keys k JOIN businesses b ON b.id = k.business_id
        WHERE k.prefix = $1 AND k.revoked_at IS NULL AND b.disabled_at IS NULL
        """
    /// Leading business_id of the primary key.
    static let selectKeys = "SELECT id, business_id, scope, prefix, created_at, revoked_at FROM api_keys WHERE business_id = $1 ORDER BY created_at, id"
    /// Primary key; revoking twice keeps the first instant.
    static let revokeKey = """
        UPDATE api_keys SET revoked_at = coalesce(revoked_at, booknow_now()) WHERE business_id = $1 AND id = $2
        RETURNING id, business_id, scope, prefix, created_at, revoked_at
        """

    /// - Throws: `BookingError` `notFound` for an unknown business.
    public static func create(business: UUID, scope: Scope, on connection: Connection) throws -> Created {
        let secret = scope.label + (try SecureRandom.token(byteCount: randomBytes, encoding: .base64URL))
        let prefix = String(secret.prefix(prefixLength))
        guard let row = try connection.query(insertKey, [business, scope.rawValue, prefix, Data(SHA256.hash(Array(secret.utf8)))]).first else {
            throw BookingError.notFound("business")
        }
        return Created(key: try key(row), secret: secret)
    }

    /// The grant of a presented key, or nil for an unknown, malformed or
    /// revoked key or a disabled business (the caller answers 401 alike).
    public static func verify(_ presented: String, on connection: Connection) throws -> Grant? {
        guard let prefix = prefix(of: presented), let entry = try entry(prefix, on: connection) else { return nil }
        return check(presented, against: entry)
    }

    /// `verify`, with the key's row from `cache` when it holds it, and read on
    /// a connection from `pool` (then kept, if there is a cache) when it does
    /// not. A key of the wrong shape is refused without a connection.
    public static func verify(_ presented: String, cache: APIKeyCache?, pool: ConnectionPool) throws -> Grant? {
        guard let prefix = prefix(of: presented) else { return nil }
        if let entry = cache?.entry(prefix) { return check(presented, against: entry) }
        let ticket = cache?.ticket()
        guard let entry = try pool.withConnection({ try entry(prefix, on: $0) }) else { return nil }
        if let cache, let ticket { cache.keep(prefix, entry, ticket: ticket) }
        return check(presented, against: entry)
    }

    /// The lookup prefix of a key of the right shape.
    private static func prefix(of presented: String) -> String? {
        guard presented.utf8.count == prefixLength - 9 + 43, presented.hasPrefix("bk_") else { return nil }
        return String(presented.prefix(prefixLength))
    }

    /// The live key's row with that prefix (unique), if any.
    private static func entry(_ prefix: String, on connection: Connection) throws -> APIKeyCache.Entry? {
        guard let row = try connection.query(selectByPrefix, [prefix]).first else { return nil }
        guard let scope = Scope(rawValue: try row.decode(String.self, "scope")) else { return nil }
        return APIKeyCache.Entry(hash: try row.decode(Data.self, "hash"), grant: Grant(
            businessID: try row.decode(UUID.self, "business_id"), keyID: try row.decode(UUID.self, "id"), scope: scope, prefix: prefix))
    }

    /// The grant when the whole presented key hashes to the row's hash (compared in constant time).
    private static func check(_ presented: String, against entry: APIKeyCache.Entry) -> Grant? {
        ConstantTime.equals(SHA256.hash(Array(presented.utf8)), entry.hash) ? entry.grant : nil
    }

    public static func list(business: UUID, on connection: Connection) throws -> [Key] {
        try connection.query(selectKeys, [business]).map(key)
    }

    /// - Throws: `BookingError` `notFound` when the business has no such key.
    public static func revoke(business: UUID, key id: UUID, on connection: Connection) throws -> Key {
        guard let row = try connection.query(revokeKey, [business, id]).first else { throw BookingError.notFound("API key") }
        return try key(row)
    }

    private static func key(_ row: Row) throws -> Key {
        guard let scope = Scope(rawValue: try row.decode(String.self, "scope")) else {
            throw PostgresError(.decode, "api_keys.scope holds an unknown scope")
        }
        return Key(id: try row.decode(UUID.self, "id"), businessID: try row.decode(UUID.self, "business_id"), scope: scope,
                   prefix: try row.decode(String.self, "prefix"), createdAt: try row.decode(Date.self, "created_at"),
                   revokedAt: try row.decode(Date?.self, "revoked_at"))
    }
}
