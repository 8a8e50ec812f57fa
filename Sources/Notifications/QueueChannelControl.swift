public import Delivery
public import Postgres
import Queue
public import Runtime
public import Vocabulary

/// The circuit breaker's hands on the queue: pausing a channel's queue keeps
/// its messages queued (no attempts used) in every daemon, because the pause
/// is stored in the `queues` table the claim query reads.
public struct QueueChannelControl: ChannelControl {
    public static let actor = "circuit-breaker"
    let pool: ConnectionPool
    let logger: Logger

    public init(pool: ConnectionPool, logger: Logger) {
        self.pool = pool
        self.logger = logger
    }

    public func pause(_ channel: Channel) {
        run("pause", channel) { try QueueControl.pause(channel.rawValue, by: Self.actor, reason: "provider failing", on: $0) }
    }

    public func resume(_ channel: Channel) {
        run("resume", channel) { _ = try QueueControl.resume(channel.rawValue, by: Self.actor, on: $0) }
    }

    private func run(_ action: String, _ channel: Channel, _ body: (Connection) throws -> Void) {
        do {
            try pool.withConnection(body)
            logger.warning("channel queue \(action)d by the circuit breaker", ["channel": LogValue(channel.rawValue)])
        } catch {
            logger.error("could not \(action) the channel queue", ["channel": LogValue(channel.rawValue), "error": .describing(String(describing: error))])
        }
    }
}
