internal import CMicroHTTPD
internal import Dispatch
internal import Glibc
internal import Synchronization

/// A deadline for each request's headers, however slowly they trickle in.
///
/// libmicrohttpd's connection timeout is an idle timeout: a client sending a
/// header line every 10 s keeps a connection (and a slot of the connection
/// limit) forever. Here a connection is armed when it opens and again when a
/// request on it completes (the next request's headers start then), disarmed
/// when the headers are in (the access handler's first call); a timer shuts
/// down the socket of every connection still armed past its deadline, and
/// libmicrohttpd, reading end of file, closes it.
///
/// The socket is shut down under the same lock as the close notification
/// removes its entry, and libmicrohttpd sends that notification before it
/// closes the socket, so a descriptor is never touched after it was closed
/// (and possibly reused).
final class HeaderDeadlines: Sendable {
    struct Entry {
        let socket: Int32
        var deadline: ContinuousClock.Instant?
    }

    let timeout: Duration
    private let entries = Mutex<[UInt: Entry]>([:])
    private let timer = Mutex<TimerSource?>(nil)

    init(timeout: Duration) {
        self.timeout = timeout
    }

    func opened(_ connection: OpaquePointer, socket: Int32) {
        let deadline = ContinuousClock.now + timeout
        entries.withLock { $0[Self.key(connection)] = Entry(socket: socket, deadline: deadline) }
    }

    func closed(_ connection: OpaquePointer) {
        _ = entries.withLock { $0.removeValue(forKey: Self.key(connection)) }
    }

    /// The headers of the connection's current request are in.
    func headersReceived(_ connection: OpaquePointer) {
        entries.withLock { $0[Self.key(connection)]?.deadline = nil }
    }

    /// A request completed; the connection may carry another, whose headers get a fresh deadline.
    func requestCompleted(_ connection: OpaquePointer) {
        let deadline = ContinuousClock.now + timeout
        entries.withLock { $0[Self.key(connection)]?.deadline = deadline }
    }

    /// Shuts down every socket past its deadline; returns how many.
    @discardableResult
    func enforce(now: ContinuousClock.Instant = .now) -> Int {
        entries.withLock { entries in
            var count = 0
            for (key, entry) in entries {
                guard let deadline = entry.deadline, deadline <= now else { continue }
                _ = shutdown(entry.socket, Int32(SHUT_RDWR))
                entries[key]?.deadline = nil
                count += 1
            }
            return count
        }
    }

    /// Checks four times per timeout (at least every second) until `stop()`.
    func start() {
        let interval = min(Duration.seconds(1), timeout / 4)
        let milliseconds = max(50, Int(interval.components.seconds * 1000 + interval.components.attoseconds / 1_000_000_000_000_000))
        let source = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "booknow.http.header-deadlines"))
        source.schedule(deadline: .now() + .milliseconds(milliseconds), repeating: .milliseconds(milliseconds))
        source.setEventHandler { [weak self] in self?.enforce() }
        timer.withLock { $0 = TimerSource(source: source) }
        source.resume()
    }

    func stop() {
        timer.withLock { source in
            source?.source.cancel()
            source = nil
        }
    }

    static func key(_ connection: OpaquePointer) -> UInt {
        UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(connection)))
    }
}

/// A dispatch timer handed between threads.
// @unchecked Sendable: `source` is immutable, and a dispatch source's `cancel`
// may be called from any thread.
final class TimerSource: @unchecked Sendable {
    let source: any DispatchSourceTimer
    init(source: any DispatchSourceTimer) { self.source = source }
}

/// libmicrohttpd's `MHD_NotifyConnectionCallback`: a connection opened or closed,
/// on the pool thread that serves it. The server context arrives through `context`.
func handleConnectionNotice(
    _ context: UnsafeMutableRawPointer?,
    _ connectionHandle: OpaquePointer?,
    _ socketContext: UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
    _ code: MHD_ConnectionNotificationCode
) {
    guard let context, let connectionHandle else { return }
    let server = Unmanaged<ServerContext>.fromOpaque(context).takeUnretainedValue()
    guard let deadlines = server.headerDeadlines else { return }
    if cmhd_notify_is_start(code) == 1 {
        deadlines.opened(connectionHandle, socket: cmhd_connection_fd(connectionHandle))
    } else {
        deadlines.closed(connectionHandle)
    }
}
