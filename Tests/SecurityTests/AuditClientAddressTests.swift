import APITestSupport
import Foundation
import HTTPServer
import Testing
import TestSupport

/// Audit rows name the change's client address (`Request.clientAddress`): the
/// peer's, whatever an untrusted peer claims in `X-Forwarded-For`.
@Suite("Admin changes are audited with the client's address")
struct AuditClientAddressTests {
    @Test func anAuditRowNamesThePeerAndIgnoresAForgedForwardedFor() throws {
        try LiveAPIServer.with { server in
            let created = try server.call("POST", "/v1/admin/locations", json: ["name": "Uptown", "time_zone": "UTC"], key: server.adminKey,
                                          headers: [("X-Forwarded-For", "198.51.100.77")])
            #expect(created.status == 201, "\(created.text)")
            let address = try server.salon.scalar(String.self, "SELECT client_address FROM admin_audit ORDER BY id DESC LIMIT 1")
            #expect(address == "127.0.0.1")
        }
    }
}
