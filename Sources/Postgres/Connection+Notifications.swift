import CLibPQ
import Glibc

/// A message delivered by `NOTIFY` on a channel this connection listens to.
public struct PostgresNotification: Sendable, Equatable {
    public var channel: String
    public var payload: String
    /// The backend process that sent it.
    public var senderPID: Int32
}

extension Connection {
    /// Subscribes this session to `channel` (`LISTEN`, with the name quoted).
    public func listen(_ channel: String) throws {
        try run(script: "LISTEN \(try quoteIdentifier(channel))")
    }

    /// Sends `payload` on `channel` (`pg_notify`); delivered when the transaction commits.
    public func notify(_ channel: String, payload: String = "") throws {
        try execute("SELECT pg_notify($1, $2)", [channel, payload])
    }

    /// Waits on the connection's socket until notifications arrive or `timeout` passes.
    ///
    /// Returns every notification that arrived (empty after a timeout). Blocks the
    /// calling thread in `poll(2)`; no busy loop.
    /// - Throws: `PostgresError.connectionLost` when the server goes away.
    public func waitForNotifications(timeout: Duration) throws -> [PostgresNotification] {
        var pending = drainNotifications()
        if !pending.isEmpty { return pending }
        let deadline = ContinuousClock.now + timeout
        while pending.isEmpty {
            let remaining = ContinuousClock.now.duration(to: deadline)
            if remaining <= .zero { break }
            let (seconds, attoseconds) = remaining.components
            let milliseconds = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
            var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, milliseconds)
            if ready < 0 && errno == EINTR { continue }
            if ready > 0 {
                guard PQconsumeInput(handle) != 0, PQstatus(handle) == CONNECTION_OK else {
                    isBroken = true
                    throw PostgresError(.connectionLost, "listener connection to \(target) lost: \(lastErrorMessage)")
                }
            }
            pending = drainNotifications()
        }
        return pending
    }

    private func drainNotifications() -> [PostgresNotification] {
        var notifications: [PostgresNotification] = []
        while let notify = PQnotifies(handle) {
            notifications.append(PostgresNotification(
                channel: String(cString: notify.pointee.relname),
                payload: String(cString: notify.pointee.extra),
                senderPID: notify.pointee.be_pid))
            PQfreemem(notify)
        }
        return notifications
    }
}
