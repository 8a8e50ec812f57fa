import CCurl
import Glibc

/// Calls `curl_global_init` exactly once per process, before the first handle.
///
/// `curl_global_init` is not thread-safe, so every handle owner goes through
/// `CurlGlobal.ensure()`; a Swift `static let` is initialised once, under a lock.
/// `SIGPIPE` is ignored at the same time: with `CURLOPT_NOSIGNAL` set, a write
/// to a peer that closed the socket would otherwise kill the process.
enum CurlGlobal {
    private static let result: Int = {
        signal(SIGPIPE, SIG_IGN)
        return Int(ccurl_global_init_default().rawValue)
    }()

    /// Initialises libcurl if nobody has; throws if that failed.
    static func ensure() throws(CurlError) {
        guard result == 0 else {
            throw CurlError(code: "curl.init", message: "curl_global_init failed", curlCode: result)
        }
    }
}
