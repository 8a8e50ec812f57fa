import Foundation

/// A libpq `postgresql://` URL, read without libpq: its role, hosts and database.
///
/// Foundation's `URL` takes one host, but libpq accepts a list
/// (`postgresql://booknow@10.0.0.1:5432,10.0.0.2:5432/booknow?target_session_attrs=read-write`),
/// which is how daemons follow a Patroni leader: libpq tries each host in turn
/// and keeps the first that accepts writes. The configuration checks the shape
/// here (and refuses a password, which belongs in a secret file); the
/// `Postgres` module hands the text to libpq unchanged.
public struct DatabaseURL: Sendable, Equatable {
    public var text: String
    /// The user part, percent-decoded; nil when the URL names none.
    public var role: String?
    /// Each `host[:port]` of the host list, in order.
    public var hosts: [String]
    /// The path, percent-decoded; nil when the URL names none.
    public var database: String?

    /// - Throws: a message saying what is wrong (never quoting a password).
    public init(_ text: String) throws(ConfigType.Problem) {
        self.text = text
        let schemes = ["postgresql://", "postgres://"]
        guard let scheme = schemes.first(where: { text.hasPrefix($0) }) else {
            throw ConfigType.Problem("the value is not a postgresql:// URL")
        }
        var rest = Substring(text.dropFirst(scheme.count))
        var query = Substring("")
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var path: Substring?
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        var hostList = rest
        role = nil
        if let at = rest.lastIndex(of: "@") {
            let user = rest[..<at]
            hostList = rest[rest.index(after: at)...]
            guard !user.contains(":") else {
                throw ConfigType.Problem("the URL contains a password; put it in a secret file instead")
            }
            role = user.isEmpty ? nil : (String(user).removingPercentEncoding ?? String(user))
        }
        let passwordInQuery = query.split(separator: "&").contains {
            $0.split(separator: "=", maxSplits: 1).first?.lowercased() == "password"
        }
        guard !passwordInQuery else {
            throw ConfigType.Problem("the URL contains a password; put it in a secret file instead")
        }
        hosts = hostList.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard !hosts.isEmpty, hosts.allSatisfy(Self.isHostAndPort) else {
            throw ConfigType.Problem("the value is not a postgresql:// URL with a host (or hosts: host1:port1,host2:port2)")
        }
        database = path.flatMap { $0.isEmpty ? nil : (String($0).removingPercentEncoding ?? String($0)) }
    }

    /// `name`, `name:5432`, `[::1]` or `[::1]:5432`.
    private static func isHostAndPort(_ item: String) -> Bool {
        var host = Substring(item), port: Substring?
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return false }
            let after = host[host.index(after: close)...]
            host = host[host.index(after: host.startIndex)..<close]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return false }
                port = after.dropFirst()
            }
        } else if let colon = host.firstIndex(of: ":") {
            port = host[host.index(after: colon)...]
            host = host[..<colon]
        }
        guard !host.isEmpty, !host.contains(where: { $0 == " " || $0 == "@" || $0 == "/" }) else { return false }
        if let port { return !port.isEmpty && port.allSatisfy { $0.isASCII && $0.isNumber } && port.count <= 5 }
        return true
    }
}
