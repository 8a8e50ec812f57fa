import Dispatch
import Glibc

/// Turns SIGTERM/SIGINT into calls to a handler on a dispatch queue.
///
/// The signals' default action is set to `SIG_IGN` first (libdispatch still
/// sees them and runs the sources), so no async-signal-unsafe code ever
/// runs in a signal handler and a signal arriving before the source is
/// ready does not kill the process.
final class SignalTrap: @unchecked Sendable {
    // @unchecked Sendable: `sources` is set once in `init` and
    // never mutated; dispatch sources are thread-safe objects whose
    // `cancel()` may be called from any thread.
    private let sources: [any DispatchSourceSignal]

    private init(sources: [any DispatchSourceSignal]) {
        self.sources = sources
    }

    /// Starts delivering `signals` to `handler`, which runs on `queue`, and
    /// returns once libdispatch has registered every source.
    ///
    /// Registration happens asynchronously on libdispatch's manager thread;
    /// a signal arriving before it, with the action already `SIG_IGN`, is
    /// discarded by the kernel. Waiting for the registration handlers closes
    /// that window (a test that signals itself right after install lost the
    /// signal about one time in three without it).
    static func install(signals: [Int32], queue: DispatchQueue = DispatchQueue(label: "booknow.signals"),
                        handler: @escaping @Sendable (Int32) -> Void) async -> SignalTrap {
        var sources: [any DispatchSourceSignal] = []
        for number in signals {
            ignoreIfDefault(number)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { handler(number) }
            await withCheckedContinuation { (registered: CheckedContinuation<Void, Never>) in
                source.setRegistrationHandler { registered.resume() }
                source.resume()
            }
            sources.append(source)
        }
        return SignalTrap(sources: sources)
    }

    /// Stops delivery. The signals stay caught (by libdispatch's handler,
    /// with no source left to run): resetting them to `SIG_DFL` would
    /// remove the handler libdispatch installs only once per process, and
    /// every later trap would then miss its signals.
    func cancel() {
        for source in sources { source.cancel() }
    }

    /// Sets `SIG_IGN` only while the action is still the default: once
    /// libdispatch has installed its own handler, replacing it (even with
    /// `SIG_IGN`) would stop all future signal sources from firing.
    private static func ignoreIfDefault(_ number: Int32) {
        var current = sigaction()
        sigaction(number, nil, &current)
        if current.__sigaction_handler.sa_handler == nil { // nil is SIG_DFL
            signal(number, SIG_IGN)
        }
    }

    /// Ignores SIGPIPE process-wide: a peer closing a socket must be an
    /// `EPIPE` error on the write, not the death of the daemon.
    static func ignoreBrokenPipe() {
        signal(SIGPIPE, SIG_IGN)
    }
}
