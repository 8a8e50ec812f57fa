public import Foundation

/// What a customer books: its length, the provider's preparation and cleanup
/// around it, and the spacing of the start times offered.
///
/// All lengths are elapsed seconds in whole minutes (the schema stores them as
/// `interval`s of hours and minutes only), so "30 minutes" is 30 minutes even
/// when the clocks change during the appointment.
public struct Service: Hashable, Sendable {
    public let id: UUID
    public let duration: TimeInterval
    public let bufferBefore: TimeInterval
    public let bufferAfter: TimeInterval
    /// Distance between offered start times, on the wall clock.
    public let slotStep: TimeInterval

    /// - Precondition: every length is whole minutes; duration and step are positive.
    public init(id: UUID, duration: TimeInterval, bufferBefore: TimeInterval = 0, bufferAfter: TimeInterval = 0, slotStep: TimeInterval) {
        for value in [duration, bufferBefore, bufferAfter, slotStep] {
            precondition(value >= 0 && value.truncatingRemainder(dividingBy: 60) == 0, "service lengths are whole minutes")
        }
        precondition(duration > 0 && slotStep > 0, "duration and slot step must be positive")
        self.id = id
        self.duration = duration
        self.bufferBefore = bufferBefore
        self.bufferAfter = bufferAfter
        self.slotStep = slotStep
    }

    /// The time a booking starting at `start` keeps its provider busy:
    /// [start − buffer before, start + duration + buffer after).
    public func blockedInterval(startingAt start: Date) -> Range<Date> {
        start.addingTimeInterval(-bufferBefore)..<start.addingTimeInterval(duration + bufferAfter)
    }
}
