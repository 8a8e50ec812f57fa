public import Foundation
public import Scheduling

/// What the engine needs to answer questions about one service at one
/// location, read from the database in one go: the location's finder (zone,
/// policy, closures), the service, the schedules of the providers who offer it
/// there, and the database's "now" (`booknow_now()`).
///
/// A snapshot is a value: inside a booking transaction it is what the
/// validation saw; the exclusion constraint still decides races with
/// transactions that commit after it was read.
public struct ScheduleSnapshot: Sendable {
    public let finder: SlotFinder
    public let service: Service
    /// In the order offered to "any provider" (provider name, then id).
    public let schedules: [ProviderSchedule]
    public let now: Date
    /// The business's cancellation notice, copied onto each new booking.
    public let cancellationNotice: TimeInterval

    /// Free starts in `range`: with one provider, or pooled over all when `provider` is nil.
    public func slots(in range: Range<Date>, provider: UUID?) -> [AvailableSlot] {
        if let provider {
            guard let schedule = schedules.first(where: { $0.provider.id == provider }) else { return [] }
            return finder.slots(for: service, schedule: schedule, in: range, now: now).map(Self.available)
        }
        return finder.slots(for: service, schedules: schedules, in: range, now: now).map(Self.available)
    }

    /// How far either side of a requested start alternatives are looked for.
    public static let alternativesReach: TimeInterval = 7 * 86_400

    /// What a snapshot for booking at `start` must cover: the start itself and
    /// everywhere an alternative may be found, so none is offered over a booking
    /// the snapshot did not read.
    public static func span(around start: Date) -> Range<Date> {
        start.addingTimeInterval(-alternativesReach)..<start.addingTimeInterval(alternativesReach)
    }

    /// Up to three free starts nearest to `start`, for a 409 answer; the
    /// snapshot must cover `span(around: start)`.
    public func alternatives(to start: Date, provider: UUID?) -> [AvailableSlot] {
        let reach = Self.alternativesReach
        if let provider {
            guard let schedule = schedules.first(where: { $0.provider.id == provider }) else { return [] }
            return finder.alternatives(to: start, service: service, schedule: schedule, now: now, within: reach).map(Self.available)
        }
        return finder.alternatives(to: start, service: service, schedules: schedules, now: now, within: reach).map(Self.available)
    }

    /// The providers who can take `start` (in order) and their slots, or the
    /// engine's reason why none can. A taken slot is reported as
    /// `slotUnavailable` with alternatives, every other reason as `notBookable`.
    func candidates(for start: Date, provider: UUID?) throws -> [Slot] {
        let considered = schedules.filter { provider == nil || $0.provider.id == provider }
        var slots: [Slot] = []
        var firstFailure: SchedulingError?
        for schedule in considered {
            switch finder.validate(start: start, service: service, schedule: schedule, now: now) {
            case .success(let slot): slots.append(slot)
            case .failure(let failure): firstFailure = firstFailure ?? failure
            }
        }
        if !slots.isEmpty { return slots }
        guard let failure = firstFailure else {
            throw BookingError(.notBookable, "no provider here offers this service", schedulingCode: SchedulingError.Code.serviceNotOffered.rawValue)
        }
        if failure.code == .slotTaken {
            throw BookingError(.slotUnavailable, failure.message, alternatives: alternatives(to: start, provider: provider),
                               timeZone: finder.location.timeZone)
        }
        throw BookingError(.notBookable, failure.message, schedulingCode: failure.code.rawValue)
    }

    private static func available(_ slot: Slot) -> AvailableSlot {
        AvailableSlot(start: slot.start, end: slot.end, providerIDs: [slot.providerID])
    }

    private static func available(_ slot: PooledSlot) -> AvailableSlot {
        AvailableSlot(start: slot.start, end: slot.end, providerIDs: slot.providerIDs)
    }
}
