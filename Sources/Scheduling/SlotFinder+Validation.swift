public import Foundation

extension SlotFinder {
    /// Checks one requested start with one provider by the engine's rules
    /// (rule 8 at the top of `SlotFinder`): the slot it would take, or the first
    /// rule it breaks.
    ///
    /// This is the check the booking operation runs inside its transaction; the
    /// exclusion constraint on `bookings` still decides races between two
    /// requests that both pass it.
    public func validate(start: Date, service: Service, schedule: ProviderSchedule, now: Date,
                         requireGrid: Bool = true) -> Result<Slot, SchedulingError> {
        func failure(_ code: SchedulingError.Code, _ message: String) -> Result<Slot, SchedulingError> {
            .failure(SchedulingError(code, message, start: start))
        }
        guard offers(service, schedule.provider) else {
            return failure(.serviceNotOffered, "this provider does not offer the service at this location")
        }
        let allowed = policy.startWindow(now: now)
        guard start >= allowed.lowerBound else {
            return failure(.tooSoon, "bookings must start at least \(Self.minutes(policy.minimumNotice)) minutes from now")
        }
        guard start <= allowed.upperBound else {
            return failure(.beyondHorizon, "bookings can be made at most \(Self.minutes(policy.horizon) / 60) hours ahead")
        }
        let blocked = service.blockedInterval(startingAt: start)
        let map = AvailabilityMap(schedule: schedule, closures: closures, span: blocked, clock: clock)
        guard let window = map.window(containing: blocked) else {
            return failure(.outsideHours, "the appointment and its preparation do not fit in the provider's working hours")
        }
        if requireGrid, !window.isOnGrid(start, step: Int64(service.slotStep), clock: clock) {
            return failure(.offGrid, "appointments start every \(Self.minutes(service.slotStep)) minutes; pick one of the offered times")
        }
        switch map.conflict(with: blocked) {
        case .closed?: return failure(.closed, "the location is closed then")
        case .timeOff?: return failure(.timeOff, "the provider is not working then")
        case .some: return failure(.slotTaken, "this time was just taken")
        case nil: return .success(slot(service, schedule.provider, start))
        }
    }

    private static func minutes(_ seconds: TimeInterval) -> Int { Int(seconds / 60) }
}
