import Booking
import Foundation
import Postgres
import Testing
import TestSupport
import Vocabulary

/// A service's description and price: written through `AdminTable.services`,
/// read back by the catalogue and by the message loader, and the schema's
/// CHECKs refusing what the application must never store.
@Suite("Service description and price against PostgreSQL")
struct ServiceDetailsTests {
    /// Inserts `values` with the lengths the API fills in when left out (the statement takes only the columns given).
    func insert(_ salon: Salon, _ values: String) throws -> String {
        let lengths = #"{"buffer_before": "0 minutes", "buffer_after": "0 minutes", "slot_step": "15 minutes", "#
        let merged = lengths + values.drop { $0 != "{" }.dropFirst()
        return try salon.pool.withConnection { try AdminTable.services.insert(business: salon.seeded.businessID, values: merged, on: $0) }
    }

    func object(_ json: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    @Test func aPriceAndDescriptionAreStoredReadByTheCatalogueAndClearedByNull() throws {
        try Salon.with { salon in
            let business = salon.seeded.businessID
            let item = try object(try insert(salon, """
                {"name": "Colour", "duration": "60 minutes", "description": "Roots and lengths.\\nAsk about toners.",
                 "price_minor": 8550, "price_currency": "EUR"}
                """))
            #expect(item["description"] as? String == "Roots and lengths.\nAsk about toners.")
            let price = try #require(item["price"] as? [String: Any])
            #expect(price["amount_minor"] as? Int == 8550 && price["currency"] as? String == "EUR")
            let id = try #require((item["id"] as? String).flatMap(UUID.init(uuidString:)))

            let listed = try salon.pool.withConnection { try Catalog.services(business: business, on: $0) }
            let colour = try #require(listed.first { $0.id == id })
            #expect(colour.price == Price(amountMinor: 8550, currency: "EUR") && colour.description == "Roots and lengths.\nAsk about toners.")
            let haircut = try #require(listed.first { $0.id == salon.haircut })
            #expect(haircut.price == nil && haircut.description == nil, "the demo's services have neither")

            // A change that names neither keeps both; null clears each.
            let renamed = try object(try salon.pool.withConnection {
                try AdminTable.services.update(business: business, id: id, changes: #"{"name": "Full colour"}"#, on: $0)
            })
            #expect((renamed["price"] as? [String: Any])?["amount_minor"] as? Int == 8550 && renamed["description"] is String)
            let cleared = try object(try salon.pool.withConnection {
                try AdminTable.services.update(business: business, id: id,
                                               changes: #"{"description": null, "price_minor": null, "price_currency": null}"#, on: $0)
            })
            #expect(cleared["price"] is NSNull && cleared["description"] is NSNull)
        }
    }

    @Test func theSchemaRefusesAHalfPriceABadCodeANegativeAmountAndABlankDescription() throws {
        try Salon.with { salon in
            let refused = [
                #"{"name": "A", "duration": "30 minutes", "price_minor": 100}"#,
                #"{"name": "B", "duration": "30 minutes", "price_currency": "USD"}"#,
                #"{"name": "C", "duration": "30 minutes", "price_minor": 100, "price_currency": "usd"}"#,
                #"{"name": "D", "duration": "30 minutes", "price_minor": -1, "price_currency": "USD"}"#,
                #"{"name": "E", "duration": "30 minutes", "price_minor": 1000000000000, "price_currency": "USD"}"#,
                #"{"name": "F", "duration": "30 minutes", "description": "  \n "}"#,
                #"{"name": "G", "duration": "30 minutes", "description": ""}"#,
                #"{"name": "H", "duration": "30 minutes", "description": "tab\there"}"#,
                "{\"name\": \"I\", \"duration\": \"30 minutes\", \"description\": \"\(String(repeating: "x", count: 1001))\"}",
            ]
            for values in refused {
                #expect(throws: BookingError.self, "\(values)") { try insert(salon, values) }
                #expect((try? insert(salon, values)) == nil)
            }
            do {
                _ = try insert(salon, refused[0])
            } catch let error as BookingError {
                #expect(error.code == .constraintViolated)
            }
            #expect(try salon.scalar(Int.self, "SELECT count(*)::int FROM services WHERE length(name) = 1") == 0)
            // The bounds themselves are taken: a free service, the longest description.
            _ = try insert(salon, "{\"name\": \"Free\", \"duration\": \"10 minutes\", \"price_minor\": 0, \"price_currency\": \"JPY\", "
                                + "\"description\": \"\(String(repeating: "é", count: 1000))\"}")
        }
    }

    @Test func theMessageLoaderReadsTheServicesDescriptionAndPrice() throws {
        try Salon.with { salon in
            let business = salon.seeded.businessID
            let booked = try salon.store.book(salon.request(salon.at(10), provider: salon.ava))
            let before = try #require(try salon.pool.withConnection { try MessageFacts.booking(business: business, booking: booked.booking.id, on: $0) })
            #expect(before.servicePrice == nil && before.serviceDescription == nil)
            _ = try salon.pool.withConnection {
                try AdminTable.services.update(business: business, id: salon.haircut,
                                               changes: #"{"description": "Wash and cut.", "price_minor": 3500, "price_currency": "USD"}"#, on: $0)
            }
            let after = try #require(try salon.pool.withConnection { try MessageFacts.booking(business: business, booking: booked.booking.id, on: $0) })
            #expect(after.servicePrice == Price(amountMinor: 3500, currency: "USD") && after.serviceDescription == "Wash and cut.")
        }
    }
}
