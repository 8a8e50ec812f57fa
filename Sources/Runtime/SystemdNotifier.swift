import Glibc

/// Tells systemd about the service's state over `$NOTIFY_SOCKET` (sd_notify).
///
/// Implemented directly (one datagram per call on a fresh AF_UNIX socket)
/// instead of linking libsystemd. Outside systemd, where `NOTIFY_SOCKET` is
/// unset, every call is a no-op, so the daemon runs the same way in a
/// terminal. Sending never blocks: a datagram socket either accepts the
/// message or fails at once.
public struct SystemdNotifier: Sendable {
    /// One `KEY=value` assignment of the sd_notify protocol.
    public enum Message: Sendable, Equatable {
        /// `READY=1`: startup finished; `Type=notify` units become active.
        case ready
        /// `STOPPING=1`: graceful shutdown began.
        case stopping
        /// `WATCHDOG=1`: the service is alive and healthy.
        case watchdog
        /// `STATUS=...`: one line shown by `systemctl status`.
        case status(String)

        var assignment: String {
            switch self {
            case .ready: "READY=1"
            case .stopping: "STOPPING=1"
            case .watchdog: "WATCHDOG=1"
            case .status(let text): "STATUS=" + text.map { $0.isNewline ? " " : String($0) }.joined()
            }
        }
    }

    /// The socket path (`@` for abstract), or nil when not run by systemd.
    public let socketPath: String?

    public init(socketPath: String?) {
        self.socketPath = socketPath.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Uses `NOTIFY_SOCKET` from `environment`.
    public init(environment: [String: String]) {
        self.init(socketPath: environment["NOTIFY_SOCKET"])
    }

    /// Whether messages go anywhere.
    public var isEnabled: Bool { socketPath != nil }

    /// Sends `messages` in one datagram, newline-separated, as sd_notify does.
    ///
    /// - Throws: `RuntimeError` `notify.failed` when the socket cannot be reached.
    public func notify(_ messages: Message...) throws(RuntimeError) {
        try notify(messages)
    }

    /// Sends `messages` in one datagram.
    public func notify(_ messages: [Message]) throws(RuntimeError) {
        try send(messages.map(\.assignment).joined(separator: "\n"))
    }

    /// Sends `text` as one datagram.
    public func send(_ text: String) throws(RuntimeError) {
        guard let socketPath else { return }
        let descriptor = UnixSocketAddress.makeDatagramSocket()
        guard descriptor >= 0 else { throw failure("socket", socketPath) }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        let sent = UnixSocketAddress.withAddress(socketPath) { address, length in
            bytes.withUnsafeBytes { sendto(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL), address, length) }
        }
        guard let sent else { throw RuntimeError(.notifyFailed, "NOTIFY_SOCKET path is too long", location: socketPath) }
        guard sent == bytes.count else { throw failure("sendto", socketPath) }
    }

    private func failure(_ call: String, _ path: String) -> RuntimeError {
        RuntimeError(.notifyFailed, "\(call): \(String(cString: strerror(errno)))", location: path)
    }
}
