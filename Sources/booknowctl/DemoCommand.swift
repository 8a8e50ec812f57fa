import Foundation
import Booking
import Postgres

/// `booknowctl demo seed`: the demo salon for trying the API on a fresh database.
enum DemoCommand {
    struct Seeded: Encodable {
        var business: String
        var publicKey: String
        var locations: [String]
        var services: [String]
    }

    static let seed = Command(
        name: "demo seed",
        summary: "create the demo salon (three locations, six providers, three services) and print its public key",
        usage: """
            usage: booknowctl demo seed

            Creates "\(DemoSalon.name)": locations in New York, London and Tokyo, two
            providers at each, Haircut (30 min), Color (90 min) and Blowout (45 min) with
            15 min cleanup after each, hours Monday–Saturday 9:00–17:00 with lunch
            12:00–13:00, and a public API key, printed once. A second seed refuses (exit
            65) and names the business; make another key with 'booknowctl keys create'.
            """
    ) { args, context in
        try args.finish()
        let connection = try context.connect()
        let seeded = try connection.withTransaction { try DemoSalon.seed(on: $0) }
        let output = Seeded(business: seeded.businessID.uuidString.lowercased(), publicKey: seeded.publicKey,
                            locations: seeded.locationIDs.map { $0.uuidString.lowercased() },
                            services: seeded.serviceIDs.map { $0.uuidString.lowercased() })
        try context.output(output) {
            """
            created \(DemoSalon.name): business \(output.business)
            public key (shown once, keep it): \(output.publicKey)
            """
        }
    }
}
