import CLibPQ
import Glibc

/// A message delivered by `NOTIFY` on a channel this connection listens to.
public struct PostgresNotification: Sendable, Equatable {
    public var channel: String
    public var payload: String
    /// The backend process that sent it.
    public var senderPID: Int32
}

/// An in-memory copy that a change follower keeps in step over its listener
/// connection, and that is trusted only while that connection is heard.
public protocol ChangeListening: Sendable {
    /// LISTENs on `connection` and forgets whatever was not heard before.
    func subscribe(_ connection: Connection) throws
    /// Takes notifications, ignoring other channels'.
    func apply(_ notifications: [PostgresNotification])
    /// The connection is about to send a round trip (after which `confirmed`).
    func proving()
    /// The connection answered a round trip, and what arrived before the answer is applied.
    func confirmed()
    /// The connection is gone: notifications may be missed until the next `subscribe`.
    func lost()
}

extension ChangeListening {
    public func proving() {}
}

/// Ends another thread's `waitForNotifications` early: a pipe that `wake()`
/// makes readable and the wait empties again.
public final class Wakeup: Sendable {
    /// The end a wait polls.
    let descriptor: Int32
    private let writing: Int32

    public init() {
        var ends: [Int32] = [-1, -1]
        precondition(pipe(&ends) == 0, "pipe failed: errno \(errno)")
        for end in ends {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
        }
        (descriptor, writing) = (ends[0], ends[1])
    }

    deinit {
        close(descriptor)
        close(writing)
    }

    /// Makes the next (or the current) wait return at once. Never blocks: a
    /// full pipe is already readable.
    public func wake() {
        var byte: UInt8 = 1
        _ = write(writing, &byte, 1)
    }

    fileprivate func reset() {
        var bytes = [UInt8](repeating: 0, count: 256)
        while read(descriptor, &bytes, bytes.count) > 0 {}
    }
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

    /// Waits on the connection's socket until notifications arrive, `timeout`
    /// passes or `wakeup` is woken.
    ///
    /// Returns every notification that arrived (empty after a timeout or a
    /// wake-up). Blocks the calling thread in `poll(2)`; no busy loop.
    /// - Throws: `PostgresError.connectionLost` when the server goes away.
    public func waitForNotifications(timeout: Duration, wakeup: Wakeup? = nil) throws -> [PostgresNotification] {
        var pending = drainNotifications()
        if !pending.isEmpty { return pending }
        let deadline = ContinuousClock.now + timeout
        while pending.isEmpty {
            let remaining = ContinuousClock.now.duration(to: deadline)
            if remaining <= .zero { break }
            let (seconds, attoseconds) = remaining.components
            let milliseconds = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
            var descriptors = [pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)]
            if let wakeup { descriptors.append(pollfd(fd: wakeup.descriptor, events: Int16(POLLIN), revents: 0)) }
            let ready = poll(&descriptors, nfds_t(descriptors.count), milliseconds)
            if ready < 0 && errno == EINTR { continue }
            if ready > 0 && descriptors[0].revents != 0 {
                guard PQconsumeInput(handle) != 0, PQstatus(handle) == CONNECTION_OK else {
                    isBroken = true
                    throw PostgresError(.connectionLost, "listener connection to \(target) lost: \(lastErrorMessage)")
                }
            }
            pending = drainNotifications()
            if let wakeup, descriptors.count > 1, descriptors[1].revents != 0 {
                wakeup.reset()
                break
            }
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
