import Booking
import Foundation
import HTTPServer
import Postgres
import Testing
import TestSupport

/// A service's description and price on the console's services pages: typed
/// as plain text and a locale-neutral decimal with a currency code, stored as
/// the admin API stores them, shown in the table in the admin's language, and
/// refused with what to do (everything typed kept).
@Suite("Business console service description and price")
struct ServiceDetailsTests {
    static let trim = [("name", "Beard trim"), ("duration_minutes", "20"), ("buffer_before_minutes", "0"), ("buffer_after_minutes", "5"),
                       ("slot_step_minutes", "15"), ("description", "Hot towel,\r\nthen the trim."), ("price", "35.00"), ("currency", "usd")]

    func form(_ changes: [String: String] = [:]) -> [(String, String)] {
        Self.trim.map { ($0.0, changes[$0.0] ?? $0.1) }
    }

    @Test func aPriceAndDescriptionAreAddedShownInTheTableAndEditedOrCleared() throws {
        try ConsoleWorld.with { world in
            let owner = try world.signIn()
            let added = try owner.post("/console/services", form())
            #expect(added.status == 303, "\(added.text)")
            let id = try world.salon.scalar(UUID.self, "SELECT id FROM services WHERE name = 'Beard trim'")
            #expect(try world.count("""
                SELECT count(*)::int FROM services
                WHERE id = $1 AND price_minor = 3500 AND price_currency = 'USD' AND description = E'Hot towel,\\nthen the trim.'
                """, [id]) == 1)
            #expect(try world.count("SELECT count(*)::int FROM admin_audit WHERE route = '/console/services'") == 1)

            let list = try owner.get("/console/services")
            #expect(list.text.contains("<th scope=\"col\">Price</th>") && list.text.contains("<th scope=\"col\">Description</th>"))
            #expect(list.text.contains("$35.00") && list.text.contains("Hot towel,\nthen the trim."))
            #expect(list.text.contains("No price"), "the demo's services have none")
            #expect(list.text.contains("id=\"s-currency\" name=\"currency\"") && list.text.contains("value=\"USD\""),
                    "the add form starts with the currency the services use")
            let spanish = try world.request("GET", "/console/services", cookie: owner.cookie, headers: [("Accept-Language", "es")])
            #expect(spanish.text.contains("35,00\u{00A0}US$") && spanish.text.contains("Precio") && spanish.text.contains("Sin precio"))

            let path = "/console/services/\(id.uuidString.lowercased())"
            let page = try owner.get(path)
            #expect(page.text.contains("value=\"35.00\"") && page.text.contains("value=\"USD\"") && page.text.contains(">Hot towel,\nthen the trim.</textarea>"))
            let yen = try owner.post(path, form(["price": "1500", "currency": "JPY"]))
            #expect(yen.status == 303)
            #expect(try world.count("SELECT count(*)::int FROM services WHERE id = $1 AND price_minor = 1500 AND price_currency = 'JPY'", [id]) == 1)
            #expect(try owner.get(path).text.contains("value=\"1500\""))

            let cleared = try owner.post(path, form(["price": "", "currency": "", "description": "  "]))
            #expect(cleared.status == 303)
            #expect(try world.count("""
                SELECT count(*)::int FROM services WHERE id = $1 AND price_minor IS NULL AND price_currency IS NULL AND description IS NULL
                """, [id]) == 1)
            #expect(try world.count("SELECT count(*)::int FROM admin_audit WHERE route = '/console/services/{id}'") == 2)
        }
    }

    @Test func aBadPriceOrDescriptionIsRefusedWithWhatToDoAndKept() throws {
        try ConsoleWorld.with { world in
            let owner = try world.signIn()
            let before = try world.count("SELECT count(*)::int FROM services")
            let comma = try owner.post("/console/services", form(["price": "35,00"]))
            #expect(comma.status == 422 && comma.text.contains("Price: type the amount in USD with a point for decimals and at most 2 decimals, such as 35.00."))
            #expect(comma.text.contains("value=\"35,00\"") && comma.text.contains("value=\"usd\"") && comma.text.contains("then the trim.</textarea>"))
            let half = try owner.post("/console/services", form(["currency": ""]))
            #expect(half.status == 422 && half.text.contains("Price: type both the amount and the currency, or leave both empty for no price."))
            let unknown = try owner.post("/console/services", form(["currency": "XYZ"]))
            #expect(unknown.status == 422 && unknown.text.contains("Currency: type a three-letter ISO 4217 code") && unknown.text.contains("value=\"XYZ\""))
            let yen = try owner.post("/console/services", form(["price": "15.50", "currency": "JPY"]))
            #expect(yen.status == 422 && yen.text.contains("Price: JPY has no decimals; type a whole amount such as 35."))
            #expect(try owner.post("/console/services", form(["price": "-3"])).status == 422)
            let long = try owner.post("/console/services", form(["description": String(repeating: "d", count: 1001)]))
            #expect(long.status == 422 && long.text.contains("Description: type plain text of at most 1000 characters"))
            let control = try owner.post("/console/services", form(["description": "bell\u{07}"]))
            #expect(control.status == 422)
            let spanish = try owner.post("/console/services", form(["price": "35,00"]),
                                         headers: [("Origin", world.base), ("Sec-Fetch-Site", "same-origin"), ("Accept-Language", "es")])
            #expect(spanish.status == 422 && spanish.text.contains("Precio: escribe el importe en USD con punto para los decimales"))
            #expect(try world.count("SELECT count(*)::int FROM services") == before)

            let haircut = world.salon.haircut.uuidString.lowercased()
            let edit = try owner.post("/console/services/\(haircut)", form(["name": "Haircut", "duration_minutes": "30", "price": "abc"]))
            #expect(edit.status == 422 && edit.text.contains("value=\"abc\"") && edit.text.contains("Service Haircut"))
            #expect(try world.count("SELECT count(*)::int FROM services WHERE id = $1 AND price_minor IS NULL AND description IS NULL",
                                    [world.salon.haircut]) == 1)
            #expect(try world.count("SELECT count(*)::int FROM admin_audit WHERE actor_kind = 'admin'") == 0)
        }
    }
}
