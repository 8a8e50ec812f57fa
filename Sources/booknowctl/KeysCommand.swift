import Booking
import Foundation
import Postgres

/// `booknowctl keys create|list|revoke`: API keys of one business.
enum KeysCommand {
    struct CreatedKey: Encodable {
        var key: APIKeyStore.Key
        var secret: String
    }

    static let create = Command(
        name: "keys create",
        summary: "create an API key for a business (the secret is printed once)",
        usage: """
            usage: booknowctl keys create --business ID --scope public|admin

            public keys serve booking pages; admin keys also manage the business.
            The secret is printed once and stored only as a hash: keep it.
            """
    ) { args, context in
        let business = try args.requiredID("--business")
        guard let scopeName = try args.option("--scope") else { throw CLIError(.usage, "--scope public|admin is required") }
        guard let scope = APIKeyStore.Scope(rawValue: scopeName) else { throw CLIError(.usage, "--scope is public or admin, not '\(scopeName)'") }
        try args.finish()
        let created = try context.connect().withTransaction { try APIKeyStore.create(business: business, scope: scope, on: $0) }
        try context.output(CreatedKey(key: created.key, secret: created.secret)) {
            """
            created \(scope.rawValue) key \(created.key.id.uuidString.lowercased()) (\(created.key.prefix)…)
            secret: \(created.secret)  (shown once; store it now)
            """
        }
    }

    static let list = Command(
        name: "keys list",
        summary: "list a business's API keys (prefixes only, never secrets)",
        usage: """
            usage: booknowctl keys list --business ID
            """
    ) { args, context in
        let business = try args.requiredID("--business")
        try args.finish()
        let keys = try APIKeyStore.list(business: business, on: try context.connect())
        try context.output(keys) {
            guard !keys.isEmpty else { return "no keys" }
            return keys.map { "\($0.id.uuidString.lowercased())  \($0.scope.rawValue)  \($0.prefix)…  \($0.revokedAt == nil ? "active" : "revoked")" }
                .joined(separator: "\n")
        }
    }

    static let revoke = Command(
        name: "keys revoke",
        summary: "revoke an API key at once",
        usage: """
            usage: booknowctl keys revoke --business ID --key KEY_ID
            """
    ) { args, context in
        let business = try args.requiredID("--business")
        let id = try args.requiredID("--key")
        try args.finish()
        let key = try context.connect().withTransaction { try APIKeyStore.revoke(business: business, key: id, on: $0) }
        try context.output(key) { "revoked key \(key.id.uuidString.lowercased()) (\(key.prefix)…)" }
    }
}
