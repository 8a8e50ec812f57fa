import Booking
import Foundation
import HTTPServer
import Postgres
import Scheduling

extension APIRoutes {
    func locations(_ request: Request, _ grant: APIKeyStore.Grant) throws -> Response {
        let entries = try store.pool.withConnection { try Catalog.locations(business: grant.businessID, on: $0) }
        return APIJSON.response(CatalogView(data: entries.map(LocationView.init)))
    }

    func services(_ request: Request, _ grant: APIKeyStore.Grant) throws -> Response {
        let entries = try store.pool.withConnection { try Catalog.services(business: grant.businessID, on: $0) }
        return APIJSON.response(CatalogView(data: entries.map(ServiceView.init)))
    }

    /// `?location=` narrows the list to one location.
    func providers(_ request: Request, _ grant: APIKeyStore.Grant) throws -> Response {
        var input = InputReader(lookup: { request.query[$0] }, prefix: "")
        let location = request.query["location"] == nil ? nil : input.uuid("location")
        try input.finish()
        let entries = try store.pool.withConnection { try Catalog.providers(business: grant.businessID, location: location, on: $0) }
        return APIJSON.response(CatalogView(data: entries.map(ProviderView.init)))
    }

    /// `GET /v1/availability?service=&location=&provider=(id|any)&from=&to=&tz=`:
    /// free starts in [from, to), at most 31 days, local times in `tz`
    /// (default: the location's zone).
    func availability(_ request: Request, _ grant: APIKeyStore.Grant) throws -> Response {
        var input = InputReader(lookup: { request.query[$0] }, prefix: "")
        let service = input.uuid("service")
        let location = input.uuid("location")
        let provider = input.provider("provider")
        let from = input.instant("from")
        let to = input.instant("to")
        let zone = input.timeZone("tz")
        if let from, let to {
            if from >= to {
                input.refuse(InputReader.invalidRange, "to", "must be after from")
            } else if to.timeIntervalSince(from) > Self.maxAvailabilityRange {
                input.refuse("range_too_long", "to", "must be at most 31 days after from")
            }
        }
        try input.finish()
        guard let service, let location, let provider, let from, let to else { throw APIError.validation(input.errors) }
        let found = try store.availability(business: grant.businessID, location: location, service: service, provider: provider, in: from..<to)
        let shownIn = zone ?? found.timeZone
        var offsets = ZoneOffsets(shownIn)
        let view = AvailabilityView(
            service: APIJSON.id(service), location: APIJSON.id(location), provider: provider.map(APIJSON.id) ?? "any",
            timeZone: shownIn.identifier, from: from, to: to, slots: found.slots.map { SlotView($0, offsets: &offsets) })
        return Response(status: 200, headers: ["Content-Type": "application/json"], body: view.json)
    }
}
