import Booking
import Foundation
import HTTPServer
import Postgres

extension AdminRoutes {
    /// One editable table at `/v1/admin/<path>`: its statements, its fields,
    /// and the name audit entries call its ids by.
    struct Resource: Sendable {
        let path: String
        let target: String
        let table: AdminTable
        let schema: AdminSchema
    }

    static let resources = [
        Resource(path: "locations", target: "location", table: .locations, schema: .locations),
        Resource(path: "providers", target: "provider", table: .providers, schema: .providers),
        Resource(path: "services", target: "service", table: .services, schema: .services),
        Resource(path: "rules", target: "rule", table: .rules, schema: .rules),
        Resource(path: "time-off", target: "time_off", table: .timeOff, schema: .timeOff),
    ]

    /// List, create, show, change and delete for each resource, then the
    /// provider↔service links and the policies.
    func registerTables(on router: inout Router) {
        for resource in Self.resources {
            let collection = "/v1/admin/\(resource.path)", item = "\(collection)/{id}"
            let (table, schema, target) = (resource.table, resource.schema, resource.target)
            read(&router, collection) { request, grant, connection in
                var input = InputReader(lookup: { request.query[$0] }, prefix: "")
                let values = table.filters.map { request.query[$0] == nil ? nil : input.uuid($0) }
                try input.finish()
                return Self.list(try table.list(business: grant.businessID, filters: values, on: connection))
            }
            change(&router, .post, collection) { request, grant, connection in
                let item = try table.insert(business: grant.businessID, values: try schema.read(request.body, isCreate: true), on: connection)
                return Self.outcome(item, status: 201, target: target, summary: "created \(target)")
            }
            read(&router, item) { request, grant, connection in
                Self.json(try table.get(business: grant.businessID, id: try Self.id(request), on: connection))
            }
            change(&router, .patch, item) { request, grant, connection in
                let changes = try schema.read(request.body, isCreate: false)
                let item = try table.update(business: grant.businessID, id: try Self.id(request), changes: changes, on: connection)
                return Self.outcome(item, target: target, summary: "changed \(target): " + Self.fieldNames(request.body))
            }
            change(&router, .delete, item) { request, grant, connection in
                let item = try table.delete(business: grant.businessID, id: try Self.id(request), on: connection)
                return Self.outcome(item, target: target, summary: "deleted \(target)")
            }
        }
        for (method, verb) in [(HTTPMethod.put, "linked"), (.delete, "unlinked")] {
            change(&router, method, "/v1/admin/providers/{id}/services/{service_id}") { request, grant, connection in
                let provider = try Self.id(request), service = try Self.id(request, "service_id")
                let item = method == .put
                    ? try AdminTable.offer(business: grant.businessID, provider: provider, service: service, on: connection)
                    : try AdminTable.withdraw(business: grant.businessID, provider: provider, service: service, on: connection)
                return Outcome(response: Self.json(item), targets: ["provider": APIJSON.id(provider), "service": APIJSON.id(service)],
                               summary: "\(verb) service")
            }
        }
        read(&router, "/v1/admin/policies") { _, grant, connection in
            Self.json(try BusinessPolicies.get(business: grant.businessID, on: connection))
        }
        change(&router, .patch, "/v1/admin/policies") { request, grant, connection in
            let changes = try AdminSchema.policies.read(request.body, isCreate: false)
            let item = try BusinessPolicies.update(business: grant.businessID, changes: changes, on: connection)
            return Outcome(response: Self.json(item), targets: ["business": APIJSON.id(grant.businessID)],
                           summary: "changed policies: " + Self.fieldNames(request.body))
        }
    }

    /// The answer and audit entry of a change to one record, whose id is in its JSON.
    static func outcome(_ item: String, status: Int = 200, target: String, summary: String) -> Outcome {
        let id = (try? JSONSerialization.jsonObject(with: Data(item.utf8)) as? [String: Any])?["id"] as? String ?? ""
        return Outcome(response: json(item, status: status), targets: [target: id], summary: summary)
    }

    /// The top-level field names of a JSON body, for summaries: names, not values.
    static func fieldNames(_ body: [UInt8]) -> String {
        ((try? AdminSchema.object(body)) ?? [:]).keys.sorted().joined(separator: ", ")
    }
}
