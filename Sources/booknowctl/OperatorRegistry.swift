import Queue

/// The job kinds as the operator tool knows them: only their replay checks
/// matter here, since `booknowctl` replays dead jobs but never runs a worker.
enum OperatorRegistry {
    /// The registry `dead replay` asks before putting a job back to `scheduled`.
    ///
    /// The notification kinds (`send_message`, `slot_released`, `offer_expired`)
    /// register their replay checks here, with the same checks the daemon's
    /// registry carries, so a reminder for a cancelled booking is refused with
    /// its reason. Empty until those kinds exist: every replay is allowed.
    static func make() -> JobRegistry {
        JobRegistry()
    }
}
