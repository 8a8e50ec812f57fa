import Foundation
import HTTPServer
import Testing
import TestSupport

/// `/v1/admin/services` takes and gives a description and a price (one
/// object, set and cleared whole); `/v1/services` shows them to clients.
@Suite("Admins give services a description and a price")
struct AdminServiceDetailsTests {
    @Test func aPriceAndDescriptionAreCreatedShownChangedAndCleared() throws {
        try AdminWorld.with { world in
            let created = try world.call("POST", "/v1/admin/services", json: [
                "name": "Colour", "duration_minutes": 60, "description": "  Roots and lengths.\r\nToner included.  ",
                "price": ["amount_minor": 8550, "currency": "EUR"],
            ])
            #expect(created.status == 201, "\(created.text)")
            #expect(created.json["description"] as? String == "Roots and lengths.\nToner included.", "trimmed, line breaks as LF")
            let price = created.json["price"] as? [String: Any]
            #expect(price?["amount_minor"] as? Int == 8550 && price?["currency"] as? String == "EUR")
            let id = created.json["id"] as? String ?? ""
            #expect(try world.scalar(Int.self, "SELECT price_minor::int FROM services WHERE id = $1::uuid", [id]) == 8550)

            let shown = try world.call("GET", "/v1/admin/services/\(id)")
            #expect((shown.json["price"] as? [String: Any])?["currency"] as? String == "EUR")
            let plain = try world.call("GET", "/v1/admin/services/\(world.haircut)")
            #expect(plain.json["price"] is NSNull && plain.json["description"] is NSNull, "keys present, null when unset")

            let repriced = try world.call("PATCH", "/v1/admin/services/\(id)", json: ["price": ["amount_minor": 1500, "currency": "JPY"]])
            #expect((repriced.json["price"] as? [String: Any])?["amount_minor"] as? Int == 1500)
            #expect(repriced.json["description"] as? String == "Roots and lengths.\nToner included.", "a field left out keeps its value")

            let listed = try world.call("GET", "/v1/services", key: world.publicKey)
            let entry = listed.items.first { $0["id"] as? String == id }
            #expect((entry?["price"] as? [String: Any])?["currency"] as? String == "JPY" && entry?["description"] is String)
            #expect(listed.items.first { $0["id"] as? String == world.haircut }?["price"] is NSNull)

            let cleared = try world.call("PATCH", "/v1/admin/services/\(id)", json: ["price": NSNull(), "description": NSNull()])
            #expect(cleared.status == 200 && cleared.json["price"] is NSNull && cleared.json["description"] is NSNull)
            #expect(try world.scalar(Int.self, "SELECT count(*)::int FROM services WHERE id = $1::uuid AND price_currency IS NULL", [id]) == 1)
        }
    }

    @Test func aBadPriceOrDescriptionIsRefusedWithItsField() throws {
        try AdminWorld.with { world in
            func create(_ extra: [String: Any]) throws -> TestResponse {
                try world.call("POST", "/v1/admin/services", json: (["name": "X", "duration_minutes": 30] as [String: Any]).merging(extra) { $1 })
            }
            let before = try world.scalar(Int.self, "SELECT count(*)::int FROM services")
            let unknown = try create(["price": ["amount_minor": 100, "currency": "XYZ"]])
            #expect(unknown.status == 422 && unknown.code == "unknown_currency" && unknown.fields == ["price"], "\(unknown.text)")
            for shape: Any in [["amount_minor": 100], ["amount_minor": 100, "currency": "usd"], ["amount_minor": -1, "currency": "USD"],
                               ["amount_minor": 1.5, "currency": "USD"], ["amount_minor": "100", "currency": "USD"],
                               ["amount_minor": 100, "currency": "USD", "tax": 0], 3500, "35.00 USD"] {
                let refused = try create(["price": shape])
                #expect(refused.status == 400 && refused.code == "invalid_request" && refused.fields == ["price"], "\(shape): \(refused.text)")
            }
            let blank = try create(["description": " \n "])
            #expect(blank.status == 422 && blank.code == "invalid_text" && blank.fields == ["description"])
            let control = try create(["description": "bell\u{07}"])
            #expect(control.status == 422 && control.code == "invalid_text")
            #expect(try create(["description": String(repeating: "x", count: 1001)]).status == 400)
            #expect(try create(["description": ""]).status == 400)
            #expect(try world.scalar(Int.self, "SELECT count(*)::int FROM services") == before)
        }
    }
}
