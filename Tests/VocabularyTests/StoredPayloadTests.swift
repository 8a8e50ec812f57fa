import Foundation
import Testing
import Vocabulary

/// Rolling upgrades: an older daemon and this one share the jobs table, so each
/// payload reads the rows older daemons wrote (jsonb's own text, as
/// `SELECT payload` returns it) and writes rows they can read: the same keys,
/// every value a string, ids lowercased, instants to the second.
@Suite struct StoredPayloadTests {
    static let booking = UUID(uuidString: "6B0C4F7E-2D1A-4C3B-9E8F-0A1B2C3D4E5F")!
    static let other = UUID(uuidString: "0F1E2D3C-4B5A-4968-8776-655443322110")!
    static let start = Date(timeIntervalSince1970: 1_780_000_200)

    /// The fields of a JSON object whose values are all strings, as the older daemons decode it.
    func fields(_ value: some Encodable) throws -> [String: String] {
        try JSONDecoder().decode([String: String].self, from: JSONEncoder().encode(value))
    }

    func decode<T: Decodable>(_ type: T.Type, _ stored: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(stored.utf8))
    }

    @Test func aConfirmationWrittenTodayDecodesAndEncodesBackUnchanged() throws {
        let stored = #"{"channel": "email", "message": "booking_confirmed", "booking_id": "6b0c4f7e-2d1a-4c3b-9e8f-0a1b2c3d4e5f", "booking_version": "1"}"#
        let payload = try decode(SendMessagePayload.self, stored)
        #expect(payload == SendMessagePayload(bookingID: Self.booking, bookingVersion: 1, message: .bookingConfirmed, channel: .email))
        #expect(try fields(payload) == decode([String: String].self, stored))
        #expect(payload.dedupeKey == "message:6b0c4f7e-2d1a-4c3b-9e8f-0a1b2c3d4e5f:v1:booking_confirmed:email")
        #expect(payload.queue == "email")
    }

    @Test func theProvidersCopyKeepsItsAudienceAndKey() throws {
        let stored = #"{"channel": "email", "message": "booking_cancelled", "audience": "staff", "booking_id": "6b0c4f7e-2d1a-4c3b-9e8f-0a1b2c3d4e5f", "booking_version": "2"}"#
        let payload = try decode(SendMessagePayload.self, stored)
        #expect(payload.audience == .staff && payload.message == .bookingCancelled && payload.bookingVersion == 2)
        #expect(try fields(payload) == decode([String: String].self, stored))
        #expect(payload.dedupeKey == "staff:6b0c4f7e-2d1a-4c3b-9e8f-0a1b2c3d4e5f:v2:booking_cancelled")
    }

    @Test func theFormerProvidersNoticeOfAMoveKeepsWhoTheyAreAndHasAKeyOfItsOwn() throws {
        let stored = #"{"channel": "email", "message": "booking_rescheduled", "audience": "staff", "former_provider_id": "0a1b2c3d-4e5f-4c3b-9e8f-6b0c4f7e2d1a", "booking_id": "6b0c4f7e-2d1a-4c3b-9e8f-0a1b2c3d4e5f", "booking_version": "2"}"#
        let payload = try decode(SendMessagePayload.self, stored)
        #expect(payload.audience == .staff && payload.formerProvider == UUID(uuidString: "0a1b2c3d-4e5f-4c3b-9e8f-6b0c4f7e2d1a"))
        #expect(try fields(payload) == decode([String: String].self, stored))
        #expect(payload.dedupeKey == "staff:6b0c4f7e-2d1a-4c3b-9e8f-0a1b2c3d4e5f:v2:booking_rescheduled:former")
    }

    @Test func aReminderKeepsItsOffsetAndKey() throws {
        let stored = #"{"channel": "sms", "message": "reminder", "booking_id": "6b0c4f7e-2d1a-4c3b-9e8f-0a1b2c3d4e5f", "offset_seconds": "86400", "booking_version": "3"}"#
        let payload = try decode(SendMessagePayload.self, stored)
        #expect(payload.offsetSeconds == 86400 && payload.channel == .sms && payload.audience == .customer)
        #expect(try fields(payload) == decode([String: String].self, stored))
        #expect(payload.dedupeKey == "reminder:6b0c4f7e-2d1a-4c3b-9e8f-0a1b2c3d4e5f:v3:86400:sms")
    }

    @Test func anExpiredOfferSaysWhetherItWasPassedOn() throws {
        let stored = #"{"channel": "email", "message": "waitlist_offer_expired", "booking_id": "6b0c4f7e-2d1a-4c3b-9e8f-0a1b2c3d4e5f", "offered_next": "false", "booking_version": "2"}"#
        let payload = try decode(SendMessagePayload.self, stored)
        #expect(payload.offeredNext == false && payload.message == .waitlistOfferExpired)
        #expect(try fields(payload) == decode([String: String].self, stored))
    }

    @Test func aWaitlistNoticeIsToldApartByItsEntry() throws {
        let stored = #"{"start": "2026-05-28T20:30:00Z", "channel": "sms", "message": "waitlist_offer", "provider_id": "0f1e2d3c-4b5a-4968-8776-655443322110", "waitlist_entry_id": "6b0c4f7e-2d1a-4c3b-9e8f-0a1b2c3d4e5f"}"#
        let notice = WaitlistNoticePayload(waitlistEntryID: Self.booking, providerID: Self.other, start: Self.start, channel: .sms)
        #expect(try decode(MessagePayload.self, stored) == .waitlistNotice(notice))
        #expect(try fields(notice) == decode([String: String].self, stored))
        #expect(notice.dedupeKey == "waitlist_notice:6b0c4f7e-2d1a-4c3b-9e8f-0a1b2c3d4e5f:0f1e2d3c-4b5a-4968-8776-655443322110:2026-05-28T20:30:00Z:sms")
        let message = #"{"channel": "sms", "message": "reminder", "booking_id": "6b0c4f7e-2d1a-4c3b-9e8f-0a1b2c3d4e5f", "offset_seconds": "3600", "booking_version": "1"}"#
        guard case .booking(let payload) = try decode(MessagePayload.self, message) else { Issue.record("a booking message"); return }
        #expect(payload.offsetSeconds == 3600)
    }

    @Test func aReleasedSlotKeepsItsInterval() throws {
        let stored = #"{"from": "2026-05-28T20:30:00Z", "until": "2026-05-28T21:15:00Z", "booking_id": "6b0c4f7e-2d1a-4c3b-9e8f-0a1b2c3d4e5f", "service_id": "0f1e2d3c-4b5a-4968-8776-655443322110", "location_id": "0f1e2d3c-4b5a-4968-8776-655443322110", "provider_id": "0f1e2d3c-4b5a-4968-8776-655443322110"}"#
        let payload = try decode(SlotReleasedPayload.self, stored)
        #expect(payload == SlotReleasedPayload(bookingID: Self.booking, providerID: Self.other, serviceID: Self.other, locationID: Self.other,
                                               freed: Self.start..<Self.start.addingTimeInterval(45 * 60)))
        #expect(try fields(payload) == decode([String: String].self, stored))
        #expect(payload.dedupeKey(version: 2) == "slot_released:6b0c4f7e-2d1a-4c3b-9e8f-0a1b2c3d4e5f:v2")
    }

    @Test func anExpiryAndTheFloodJobsKeepTheirShape() throws {
        let expiry = #"{"booking_id": "6b0c4f7e-2d1a-4c3b-9e8f-0a1b2c3d4e5f"}"#
        #expect(try decode(OfferExpiredPayload.self, expiry) == OfferExpiredPayload(bookingID: Self.booking))
        #expect(try fields(OfferExpiredPayload(bookingID: Self.booking)) == decode([String: String].self, expiry))
        #expect(OfferExpiredPayload(bookingID: Self.booking).dedupeKey == "offer_expired:6b0c4f7e-2d1a-4c3b-9e8f-0a1b2c3d4e5f")

        let notice = #"{"at": "2026-05-28T20:30:00Z", "state": "started"}"#
        let flood = try decode(PublicFloodNoticePayload.self, notice)
        #expect(flood == PublicFloodNoticePayload(state: .started, at: Self.start))
        #expect(try fields(flood) == decode([String: String].self, notice))
        #expect(flood.dedupeKey(business: Self.other) == "public_flood:0f1e2d3c-4b5a-4968-8776-655443322110:started:1780000200")

        #expect(try decode(PublicFloodCheckPayload.self, "{}") == PublicFloodCheckPayload())
        #expect(try fields(PublicFloodCheckPayload()).isEmpty)
        #expect(PublicFloodCheckPayload.dedupeKey(business: Self.other, at: Self.start)
                == "public_flood_check:0f1e2d3c-4b5a-4968-8776-655443322110:1780000200")
    }

    @Test func storedNamesStayAsTheyAre() {
        #expect(JobKind.allCases.map(\.rawValue)
                == ["send_message", "plan_reminders", "slot_released", "offer_expired", "public_flood_notice", "public_flood_check"])
        #expect(MessageKind.allCases.map(\.rawValue) == ["booking_confirmed", "reminder", "booking_cancelled", "booking_rescheduled",
                                                          "waitlist_offer", "waitlist_offer_expired", "booking_hold"])
        #expect(BookingStatus.allCases.map(\.rawValue) == ["confirmed", "held", "cancelled", "completed", "no_show"])
        #expect(Channel.allCases.map(\.rawValue) == ["email", "sms"])
        #expect(JobKind.queues == ["default", "email", "sms"])
    }

    @Test func aPayloadThatIsNotUnderstoodIsRefused() {
        #expect(throws: DecodingError.self) {
            try decode(SendMessagePayload.self, #"{"channel": "fax", "message": "booking_confirmed", "booking_id": "6b0c4f7e-2d1a-4c3b-9e8f-0a1b2c3d4e5f", "booking_version": "1"}"#)
        }
        #expect(throws: DecodingError.self) {
            try decode(SendMessagePayload.self, #"{"channel": "email", "message": "booking_confirmed", "booking_id": "6b0c4f7e-2d1a-4c3b-9e8f-0a1b2c3d4e5f", "booking_version": "one"}"#)
        }
        #expect(throws: DecodingError.self) {
            try decode(SlotReleasedPayload.self, #"{"from": "2026-05-28T21:15:00Z", "until": "2026-05-28T20:30:00Z", "booking_id": "6b0c4f7e-2d1a-4c3b-9e8f-0a1b2c3d4e5f", "service_id": "0f1e2d3c-4b5a-4968-8776-655443322110", "location_id": "0f1e2d3c-4b5a-4968-8776-655443322110", "provider_id": "0f1e2d3c-4b5a-4968-8776-655443322110"}"#)
        }
    }
}
