import Booking
import Foundation
import Postgres

/// A second business with a public key, for the tenancy tests.
enum BusinessStoreFixture {
    static func business(named name: String, on connection: Connection) throws -> UUID {
        try BusinessStore.create(name: name, timeZone: "Europe/Paris", on: connection).id
    }

    static func publicKey(for business: UUID, on connection: Connection) throws -> String {
        try APIKeyStore.create(business: business, scope: .public, on: connection).secret
    }
}
