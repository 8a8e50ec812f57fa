import APITestSupport
import Application
import Booking
import Foundation
import HTTPServer
import Pages
import Postgres
import TestSupport
import Web

/// The customer pages on a real loopback server over the demo salon of a
/// database of the test's own, assembled by `Application` as `booknowd` is.
struct PagesWorld {
    let salon: SalonFixture<RecordingOutbox>
    let port: UInt16

    static func with(_ body: (PagesWorld) throws -> Void) throws {
        try TestApplication.withSalon(recording: RecordingOutbox(), settings: settings) { _, salon, port in
            try body(PagesWorld(salon: salon, port: port))
        }
    }

    /// Links and calendar entries name these.
    static let settings = ["http.public_base_url": "http://localhost", "email.message_id_domain": "booknow.test", "http.threads": "4"]

    /// One request on a connection of its own.
    func request(_ method: String, _ target: String, headers: [(String, String)] = [], form: [(String, String)] = []) throws -> TestResponse {
        let body = form.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        var all = headers
        if method == "POST" { all.append(("Content-Type", "application/x-www-form-urlencoded")) }
        return try TestClient(port: port).request(method, target, headers: all, body: Array(body.utf8))
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// A booking with Ava on Monday at `hour`, and its manage token.
    func book(at hour: Int, days: Int = 0, name: String = "Ada Lovelace") throws -> BookedAppointment {
        var request = salon.request(salon.at(hour, days: days), provider: salon.ava)
        request.customer.name = name
        return try salon.store.book(request)
    }

    /// The value of a hidden input in a page.
    static func field(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    func status(of booking: UUID) throws -> String {
        try salon.scalar(String.self, "SELECT status FROM bookings WHERE id = $1", [booking])
    }
}
