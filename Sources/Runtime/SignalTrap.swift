import Dispatch
import Glibc

/// Turns SIGTERM/SIGINT into calls to a handler on a dispatch queue.
///
/// The signals' default action is set to `SIG_IGN` first (libdispatch still
/// sees them and runs the sources), so no async-signal-unsafe code ever
/// runs in a signal handler and a signal arriving before the source is
/// ready does not kill the process. `cancel()` restores the default action.
final class SignalTrap: @unchecked Sendable {
    // @unchecked Sendable: `sources` and `signals` are set once in `init` and
    // never mutated; dispatch sources are thread-safe objects whose
    // `cancel()` may be called from any thread.
    private let sources: [any DispatchSourceSignal]
    private let signals: [Int32]

    /// Starts delivering `signals` to `handler`, which runs on `queue`.
    init(signals: [Int32], queue: DispatchQueue = DispatchQueue(label: "booknow.signals"),
         handler: @escaping @Sendable (Int32) -> Void) {
        self.signals = signals
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { handler(number) }
            source.resume()
            return source
        }
    }

    /// Stops delivery and gives the signals back their default action.
    func cancel() {
        for source in sources { source.cancel() }
        for number in signals { signal(number, SIG_DFL) }
    }

    /// Ignores SIGPIPE process-wide: a peer closing a socket must be an
    /// `EPIPE` error on the write, not the death of the daemon.
    static func ignoreBrokenPipe() {
        signal(SIGPIPE, SIG_IGN)
    }
}
