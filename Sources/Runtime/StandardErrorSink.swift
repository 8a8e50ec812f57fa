import Glibc
import Synchronization

/// Writes log lines to file descriptor 2 with one `write(2)` per line.
///
/// A lock is held across the write (and its retries after a partial write
/// or `EINTR`) so lines from different threads never interleave, even
/// lines longer than `PIPE_BUF`. Writing to the descriptor directly avoids
/// the C `stderr` global, which is not concurrency-safe in Swift 6, and
/// stdio buffering, which could lose lines at exit.
public final class StandardErrorSink: LogSink {
    /// The process's standard error. Loggers share this one sink, and so
    /// its lock: two sinks on the same descriptor could interleave lines.
    public static let standardError = StandardErrorSink()

    private let lock = Mutex(())
    private let descriptor: Int32

    /// A sink for `descriptor` (standard error unless a test passes a pipe).
    public init(descriptor: Int32 = 2) {
        self.descriptor = descriptor
    }

    public func write(line: String) {
        var bytes = Array(line.utf8)
        lock.withLock { _ in
            bytes.withUnsafeMutableBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                    if written > 0 {
                        offset += written
                    } else if written < 0 && errno == EINTR {
                        continue
                    } else {
                        return // Nowhere left to report a failing log write.
                    }
                }
            }
        }
    }
}
