public import Crypto
public import Foundation
public import Postgres

/// Operator accounts in `operators`: what `booknowctl operators` manages and
/// what the console's sign-in checks. Statements live here because this
/// module owns the table.
public struct OperatorAccounts: Sendable {
    /// One account as operators see it (never the hash).
    public struct Account: Sendable, Codable, Equatable {
        public var id: Int64
        public var name: String
        public var role: OperatorRole
        public var disabledAt: Date?
        public var passwordChangedAt: Date
        public var createdAt: Date

        public var isDisabled: Bool { disabledAt != nil }

        init(row: Row) throws {
            id = try row.decode(Int64.self, "id")
            name = try row.decode(String.self, "name")
            role = OperatorRole(rawValue: try row.decode(String.self, "role")) ?? .viewer
            disabledAt = try row.decode(Date?.self, "disabled_at")
            passwordChangedAt = try row.decode(Date.self, "password_changed_at")
            createdAt = try row.decode(Date.self, "created_at")
        }
    }

    /// The cost new passwords are hashed at; existing rows keep their own.
    public let parameters: Scrypt.Parameters

    public init(parameters: Scrypt.Parameters = .recommended) {
        self.parameters = parameters
    }

    /// A valid account name: lower-case letters, digits, `.`, `_`, `-`, up to 63, as the CHECK says.
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.first, name.count <= 63, first.isASCII, first.isLetter || first.isNumber else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || ".-_".contains($0)) }
    }

    /// Creates an account.
    /// - Throws: `AccountsError` `invalid_argument` for a bad name or a password under 12 characters, `exists` for a taken name.
    @discardableResult
    public func add(name: String, role: OperatorRole, password: String, on connection: Connection) throws -> Account {
        guard Self.isValidName(name) else {
            throw AccountsError(.invalidArgument, "an operator name is lower-case letters, digits, '.', '_' or '-' (up to 63), not '\(name)'")
        }
        try Self.checkStrength(password)
        let hashed = try PasswordHash.make(password, parameters: parameters)
        guard let row = try connection.query(Self.insertSQL, Self.hashParameters(hashed, [name, role.rawValue])).first else {
            throw AccountsError(.exists, "an operator named '\(name)' exists already")
        }
        return try Account(row: row)
    }

    /// Every account, by name.
    public static func list(on connection: Connection) throws -> [Account] {
        try connection.query(listSQL).map(Account.init(row:))
    }

    /// The account `name`, or nil.
    public static func find(_ name: String, on connection: Connection) throws -> Account? {
        try connection.query(findSQL, [name]).first.map(Account.init(row:))
    }

    /// Disables `name` and ends its sessions, in one transaction.
    /// - Throws: `AccountsError.notFound`.
    public static func disable(_ name: String, on connection: Connection) throws -> Account {
        try connection.withTransaction { connection in
            guard let row = try connection.query(disableSQL, [name]).first else {
                throw AccountsError(.notFound, "no operator named '\(name)'")
            }
            let account = try Account(row: row)
            try Sessions.endAll(operator: account.id, on: connection)
            return account
        }
    }

    /// Sets a new password (and, when given, a role), and ends every session of the account.
    /// - Throws: `AccountsError.notFound`, or `invalid_argument` for a weak password.
    public func setPassword(_ name: String, password: String, on connection: Connection) throws -> Account {
        try Self.checkStrength(password)
        let hashed = try PasswordHash.make(password, parameters: parameters)
        return try connection.withTransaction { connection in
            guard let row = try connection.query(Self.passwordSQL, Self.hashParameters(hashed, [name])).first else {
                throw AccountsError(.notFound, "no operator named '\(name)'")
            }
            let account = try Account(row: row)
            try Sessions.endAll(operator: account.id, on: connection)
            return account
        }
    }

    /// An account with its stored password hash, as sign-in reads it.
    public struct Credentials: Sendable {
        public var account: Account
        var hash: PasswordHash
    }

    /// The account `name` and its hash, or nil; read apart from `check` so the
    /// scrypt run holds no database connection.
    public static func credentials(_ name: String, on connection: Connection) throws -> Credentials? {
        guard let row = try connection.query(credentialsSQL, [name]).first else { return nil }
        let hash = PasswordHash(
            hash: Array(try row.decode(Data.self, "password_hash")), salt: Array(try row.decode(Data.self, "password_salt")),
            parameters: .init(n: UInt64(try row.decode(Int64.self, "scrypt_n")), r: UInt64(try row.decode(Int.self, "scrypt_r")),
                              p: UInt64(try row.decode(Int.self, "scrypt_p"))))
        return Credentials(account: try Account(row: row), hash: hash)
    }

    /// The enabled account when `password` is its password; nil otherwise. Without
    /// credentials (an unknown name) it runs scrypt all the same, so timing tells nothing.
    public func check(_ password: String, against credentials: Credentials?) throws -> Account? {
        guard let credentials else {
            _ = try PasswordHash(hash: Array(repeating: 0, count: 32), salt: Array(repeating: 0, count: 16), parameters: parameters)
                .verifies(password)
            return nil
        }
        guard try credentials.hash.verifies(password), !credentials.account.isDisabled else { return nil }
        return credentials.account
    }

    /// `credentials` then `check` on one connection (for callers without a pool).
    public func verify(name: String, password: String, on connection: Connection) throws -> Account? {
        try check(password, against: try Self.credentials(name, on: connection))
    }

    /// 12 characters at least: long enough to resist guessing through the throttle.
    static func checkStrength(_ password: String) throws {
        guard password.count >= 12 else { throw AccountsError(.invalidArgument, "a password has at least 12 characters") }
    }

    static func hashParameters(_ hashed: PasswordHash, _ leading: [(any PostgresEncodable)?]) -> [(any PostgresEncodable)?] {
        leading + [Data(hashed.hash), Data(hashed.salt), Int64(hashed.parameters.n), Int(hashed.parameters.r), Int(hashed.parameters.p)]
    }

    static let columns = "id, name, role, disabled_at, password_changed_at, created_at"

    /// ON CONFLICT on the name's unique index: a taken name returns no row.
    static let insertSQL = """
        INSERT INTO operators (name, role, password_hash, password_salt, scrypt_n, scrypt_r, scrypt_p)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT (name) DO NOTHING
        RETURNING \(columns)
        """
    static let listSQL = "SELECT \(columns) FROM operators ORDER BY name"
    static let findSQL = "SELECT \(columns) FROM operators WHERE name = $1"
    /// By the name's unique index; the hash columns only for sign-in.
    static let credentialsSQL = """
        SELECT \(columns), password_hash, password_salt, scrypt_n, scrypt_r, scrypt_p FROM operators WHERE name = $1
        """
    static let disableSQL = """
        UPDATE operators SET disabled_at = coalesce(disabled_at, booknow_now()) WHERE name = $1 RETURNING \(columns)
        """
    static let passwordSQL = """
        UPDATE operators SET password_hash = $2, password_salt = $3, scrypt_n = $4, scrypt_r = $5, scrypt_p = $6,
               password_changed_at = booknow_now()
         WHERE name = $1 RETURNING \(columns)
        """
}
