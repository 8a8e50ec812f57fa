internal import CMicroHTTPD
internal import Glibc
internal import Synchronization

/// The one owner of a running `struct MHD_Daemon *` and of the `ServerContext`
/// retained for its callbacks.
///
/// The context is released only after `MHD_stop_daemon` returned, when no
/// pool thread can call back any more.
// @unchecked Sendable: `handle` and `context` are immutable; libmicrohttpd
// allows MHD_quiesce_daemon and MHD_stop_daemon from any thread, and the
// atomics make each run at most once.
final class Daemon: @unchecked Sendable {
    private let handle: OpaquePointer
    private let context: Unmanaged<ServerContext>
    private let quiesced = Atomic<Bool>(false)
    /// The listening socket `MHD_quiesce_daemon` handed back, closed only after
    /// `MHD_stop_daemon`: a pool thread that has not yet seen the quiesce takes
    /// it out of its epoll set on its next turn (`EPOLL_CTL_DEL`), and
    /// libmicrohttpd aborts the process when that fails, as it does on a
    /// descriptor already closed.
    private let quiescedSocket = Atomic<Int32>(-1)
    private let stopped = Atomic<Bool>(false)
    /// The port bound, read back through `MHD_get_daemon_info`.
    let port: UInt16

    /// Starts a thread-pooled epoll daemon (`MHD_start_daemon` via `cmhd_start`).
    init(configuration: ServerConfiguration, context: ServerContext) throws(HTTPServerError) {
        precondition(configuration.threadCount >= 1, "threadCount must be at least 1")
        precondition(configuration.connectionLimit >= 1, "connectionLimit must be at least 1")
        let address = try SocketAddress(host: configuration.host, port: configuration.port)
        let timeout = UInt32(clamping: max(1, configuration.idleTimeout.components.seconds))
        let retained = Unmanaged.passRetained(context)
        let started = address.withSockaddr { sockaddr in
            cmhd_start(cmhd_pooled_flags(address.isIPv6 ? 1 : 0), sockaddr,
                       handleAccess, retained.toOpaque(), handleCompletion, retained.toOpaque(),
                       UInt32(configuration.threadCount), UInt32(configuration.connectionLimit), timeout,
                       UInt32(configuration.perClientConnectionLimit), handleConnectionNotice, retained.toOpaque())
        }
        guard let started else {
            retained.release()
            throw HTTPServerError(.startFailed, "could not listen on \(configuration.host) port \(configuration.port) (in use or not permitted)")
        }
        handle = started
        self.context = retained
        port = cmhd_bound_port(started)
        context.headerDeadlines?.start()
    }

    /// Stops accepting (`MHD_quiesce_daemon`) and shuts the listening socket
    /// down, so new connections are refused while open ones are served. The
    /// descriptor stays open until `stop` (see `quiescedSocket`).
    func quiesce() {
        guard !quiesced.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let socket = MHD_quiesce_daemon(handle)
        guard socket >= 0 else { return }
        // On Linux, shutting a listening socket down leaves the listening state: connection attempts are refused.
        shutdown(socket, Int32(SHUT_RDWR))
        quiescedSocket.store(socket, ordering: .releasing)
    }

    /// Closes every connection and joins the pool threads (`MHD_stop_daemon`),
    /// then releases the context. Must not run on a pool thread.
    func stop() {
        guard !stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        MHD_stop_daemon(handle)
        let socket = quiescedSocket.exchange(-1, ordering: .acquiringAndReleasing)
        if socket >= 0 { close(socket) }
        context.takeUnretainedValue().headerDeadlines?.stop()
        context.release()
    }

    deinit { stop() }
}
