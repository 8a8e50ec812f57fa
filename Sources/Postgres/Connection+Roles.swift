import CLibPQ

extension Connection {
    /// The password verifier PostgreSQL stores for `role`, computed here with
    /// `PQencryptPasswordConn` in the server's `password_encryption` algorithm
    /// (SCRAM-SHA-256 by default), as psql's `\password` does.
    ///
    /// `CREATE ROLE … PASSWORD` takes no bind parameters, so the statement
    /// carries the password; sending the verifier instead keeps the password
    /// itself out of the server's statement log and `pg_stat_activity`.
    public func passwordVerifier(_ password: String, role: String) throws -> String {
        guard let encrypted = PQencryptPasswordConn(handle, password, role, nil) else {
            throw PostgresError(.server, "cannot encrypt the password: \(lastErrorMessage)")
        }
        defer { PQfreemem(encrypted) }
        return String(cString: encrypted)
    }

    /// Quotes a string literal for the statements that take no parameters
    /// (`CREATE ROLE … PASSWORD`), with `PQescapeLiteral`.
    public func quoteLiteral(_ text: String) throws -> String {
        let count = text.utf8.count
        guard let quoted = PQescapeLiteral(handle, text, count) else {
            throw PostgresError(.server, "cannot quote literal: \(lastErrorMessage)")
        }
        defer { PQfreemem(quoted) }
        return String(cString: quoted)
    }
}
