/// Something the daemon runs for its whole life: the HTTP server, the
/// worker, the watchdog.
///
/// `ServiceGroup` starts services in order and stops them in reverse, so a
/// service may depend on those started before it (the worker on the pool).
public protocol Service: Sendable {
    /// A short name for logs and exit reports.
    var name: String { get }

    /// Starts the service and returns once it is ready to serve (listening,
    /// connected). Long-running work continues on the service's own threads
    /// or tasks after this returns.
    func start() async throws

    /// Stops gracefully: finishes or hands back in-flight work, then returns.
    ///
    /// The group gives up waiting after its shutdown timeout and cancels
    /// the calling task, so long waits should honour cancellation.
    func stop() async throws
}
