/// The job kinds of the notification flows: the `kind` column of `jobs`. The
/// queue itself knows no kind (it stores the raw value); booking operations
/// create them and the notification handlers are registered under them, so
/// both spell them here. A raw value is stored: renaming one strands the jobs
/// an older daemon wrote (rolling upgrades share the table).
public enum JobKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// Render and deliver one message on one channel (`SendMessagePayload`, `WaitlistNoticePayload`).
    case sendMessage = "send_message"
    /// The periodic reminder planner; no payload.
    case planReminders = "plan_reminders"
    /// A booking was cancelled or moved: offer the freed time to the waitlist (`SlotReleasedPayload`).
    case slotReleased = "slot_released"
    /// A waitlist offer's or flood-mode hold's time ran out (`OfferExpiredPayload`).
    case offerExpired = "offer_expired"
    /// A business's flood mode started or ended: tell it (`PublicFloodNoticePayload`).
    case publicFloodNotice = "public_flood_notice"
    /// Look again whether a business's flood mode is over (`PublicFloodCheckPayload`).
    case publicFloodCheck = "public_flood_check"

    /// The named queue of planning, the waitlist and flood checks; messages run on their channel's queue.
    public static let defaultQueue = "default"

    /// The queues the daemon's worker runs: `default` and one per channel (the
    /// circuit breaker pauses them by channel name).
    public static let queues = [defaultQueue] + Channel.allCases.map(\.rawValue)
}
