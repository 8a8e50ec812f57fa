import Booking

/// `GET /v1/locations`, `/v1/services` and `/v1/providers`: lists under `data`,
/// so fields can be added beside them later without breaking clients.
struct CatalogView<Item: Encodable>: Encodable {
    let data: [Item]
}

struct LocationView: Encodable {
    let id: String
    let name: String
    let timeZone: String
    let address: String

    init(_ entry: Catalog.LocationEntry) {
        id = APIJSON.id(entry.id)
        name = entry.name
        timeZone = entry.timeZone
        address = entry.address
    }
}

struct ServiceView: Encodable {
    let id: String
    let name: String
    let durationMinutes: Int
    let bufferBeforeMinutes: Int
    let bufferAfterMinutes: Int
    let slotStepMinutes: Int

    init(_ entry: Catalog.ServiceEntry) {
        id = APIJSON.id(entry.id)
        name = entry.name
        durationMinutes = entry.durationMinutes
        bufferBeforeMinutes = entry.bufferBeforeMinutes
        bufferAfterMinutes = entry.bufferAfterMinutes
        slotStepMinutes = entry.slotStepMinutes
    }
}

struct ProviderView: Encodable {
    let id: String
    let name: String
    let locationId: String
    let serviceIds: [String]

    init(_ entry: Catalog.ProviderEntry) {
        id = APIJSON.id(entry.id)
        name = entry.name
        locationId = APIJSON.id(entry.locationID)
        serviceIds = entry.serviceIDs.map(APIJSON.id)
    }
}
