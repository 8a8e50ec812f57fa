@_exported import APITestSupport
import Booking
import Foundation
import TestSupport

// `@_exported`: the suites' files use the notification world's members
// without importing its module each.

/// What the waitlist suites add to the notification world: requests to the
/// public listener (the world serves for them), joining the waitlist and
/// reading offers from the emails.
extension NotificationWorld {
    /// One request with the salon's public key (or `key`).
    func call(_ method: String, _ path: String, json: [String: Any]? = nil, key: String? = nil) throws -> TestResponse {
        var headers = [("Authorization", "Bearer \(key ?? salon.seeded.publicKey)")]
        let body = try json.map { Array(try JSONSerialization.data(withJSONObject: $0)) } ?? []
        if !body.isEmpty { headers.append(("Content-Type", "application/json")) }
        return try TestClient(port: port).request(method, path, headers: headers, body: body)
    }

    /// Joins the waitlist for a haircut downtown with anyone, wanting `from..<until`; returns the entry's token.
    func join(_ name: String, email: String, from: Date, until: Date) throws -> String {
        let response = try call("POST", "/v1/waitlist", json: [
            "service": id(salon.haircut), "location": id(salon.location), "provider": "any",
            "wanted": [["from": from.formatted(.iso8601), "until": until.formatted(.iso8601)]],
            "customer": ["name": name, "email": email, "locale": "en", "consent_email": true],
        ])
        guard response.status == 201, let token = response.json["token"] as? String else {
            throw TestClientError("join answered \(response.status): \(response.text)", code: 0)
        }
        return token
    }

    /// A public booking through the API.
    func book(_ start: Date, provider: UUID, email: String) throws -> TestResponse {
        try call("POST", "/v1/bookings", json: [
            "service": id(salon.haircut), "location": id(salon.location), "provider": id(provider), "start": start.formatted(.iso8601),
            "customer": ["name": "Walk In", "email": email, "locale": "en", "consent_email": true],
        ])
    }

    func id(_ uuid: UUID) -> String { uuid.uuidString.lowercased() }

    /// Emails to `address` whose subject or body mentions `text`, soft line breaks joined.
    func emails(to address: String, containing text: String) throws -> [String] {
        try emails().map(\.unfolded).filter { $0.contains(address) && $0.contains(text) }
    }

    /// The accept link's token in the newest offer to `address`.
    func offerToken(to address: String) throws -> String? {
        for email in try emails().map(\.unfolded) where email.contains("To: ") && email.contains(address) {
            if let range = email.range(of: "https://book.salon.example/offers/") {
                return String(email[range.upperBound...].prefix(43))
            }
        }
        return nil
    }
}
