import Booking
import Vocabulary

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
    let description: String?
    let price: PriceView?

    /// A price as the admin API gives it: whole minor units and the ISO 4217 code.
    struct PriceView: Encodable {
        let amountMinor: Int
        let currency: String
    }

    enum CodingKeys: String, CodingKey {
        case id, name, durationMinutes, bufferBeforeMinutes, bufferAfterMinutes, slotStepMinutes, description, price
    }

    init(_ entry: Catalog.ServiceEntry) {
        id = APIJSON.id(entry.id)
        name = entry.name
        durationMinutes = entry.durationMinutes
        bufferBeforeMinutes = entry.bufferBeforeMinutes
        bufferAfterMinutes = entry.bufferAfterMinutes
        slotStepMinutes = entry.slotStepMinutes
        description = entry.description
        price = entry.price.map { PriceView(amountMinor: $0.amountMinor, currency: $0.currency) }
    }

    /// Every key always present: a service without a description or price says `null`, as the admin API does.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(durationMinutes, forKey: .durationMinutes)
        try container.encode(bufferBeforeMinutes, forKey: .bufferBeforeMinutes)
        try container.encode(bufferAfterMinutes, forKey: .bufferAfterMinutes)
        try container.encode(slotStepMinutes, forKey: .slotStepMinutes)
        try container.encode(description, forKey: .description)
        try container.encode(price, forKey: .price)
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
