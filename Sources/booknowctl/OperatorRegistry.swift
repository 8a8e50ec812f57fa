import Notifications
import Queue

/// The job kinds as the operator tool knows them: only their replay checks
/// matter here, since `booknowctl` replays dead jobs but never runs a worker.
enum OperatorRegistry {
    /// The registry `dead replay` asks before putting a job back to `scheduled`:
    /// the same checks the daemon's registry carries, so a message about a
    /// booking cancelled or moved since is refused with its reason.
    static func make() -> JobRegistry {
        var registry = JobRegistry()
        NotificationKinds.addReplayChecks(to: &registry)
        return registry
    }
}
