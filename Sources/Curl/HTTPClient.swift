import CCurl
import Dispatch
import Foundation
import Synchronization

/// Runs many HTTP requests at once on one libcurl multi handle.
///
/// One dedicated thread drives the multi handle (`curl_multi_perform`,
/// `curl_multi_poll`); `send` hands it a request through a mutex-protected
/// inbox and `curl_multi_wakeup` and returns; the loop thread calls the
/// request's completion when the answer is in, so any number of requests are
/// in flight without a thread each.
/// Connections are kept alive in the multi handle's cache and capped per host
/// (`CURLMOPT_MAX_HOST_CONNECTIONS`); requests beyond the cap wait inside libcurl.
/// Call `shutdown()` to stop; requests still in flight then fail with `curl.shutdown`.
public final class HTTPClient: Sendable {
    private let loop: MultiLoop

    /// - Parameters:
    ///   - maxHostConnections: connections to one host at most; also the keep-alive cache size.
    public init(maxHostConnections: Int = 8) throws(CurlError) {
        loop = try MultiLoop(maxHostConnections: maxHostConnections)
        let loop = self.loop
        let thread = Thread { loop.run() }
        thread.name = "curl-multi"
        thread.start()
    }

    deinit { loop.stop() }

    /// Sends one request. `completion` runs once, on the loop thread, with any HTTP
    /// status as a response, or an error when no response arrived; it must not block.
    public func send(_ request: HTTPRequest, completion: @escaping @Sendable (Result<HTTPResponse, CurlError>) -> Void) {
        loop.submit(MultiLoop.Submission(request: request, completion: completion))
    }

    /// Stops the loop thread and waits for it; in-flight requests fail. The wait is short: the loop
    /// never blocks except in `curl_multi_poll`, which the stop request wakes.
    public func shutdown() { loop.stop() }
}

/// The multi handle's one owner and the body of its thread.
///
/// `@unchecked Sendable`: `multi`, `active` and `idle` are used only by the loop thread
/// (`run` and what it calls) after `init`; other threads touch only `inbox`
/// (a `Mutex`), `curl_multi_wakeup` (documented thread-safe) and `done`
/// (a semaphore). The multi handle is freed in `deinit`, which runs only after
/// `run` returned, because `run` holds a strong reference to `self`.
final class MultiLoop: @unchecked Sendable {
    typealias Completion = @Sendable (Result<HTTPResponse, CurlError>) -> Void

    struct Submission: Sendable {
        let request: HTTPRequest
        let completion: Completion
    }

    private struct Inbox {
        var submissions: [Submission] = []
        var stopping = false
        /// True while the loop sleeps in `curl_multi_poll`: only then does a submission need a wakeup.
        var sleeping = false
    }

    private let multi: UnsafeMutableRawPointer
    private let inbox = Mutex(Inbox())
    private let done = DispatchSemaphore(value: 0)
    /// Transfers in flight: their handle and what to call when done (the request itself is in libcurl by then:
    /// `configure` has it copy what it keeps).
    @exclusivity(unchecked) private var active: [UnsafeMutableRawPointer: (EasyHandle, Completion)] = [:]
    /// Finished easy handles kept for the next requests: reconfiguring one is far cheaper than a new handle.
    @exclusivity(unchecked) private var idle: [EasyHandle] = []
    private let idleLimit: Int

    init(maxHostConnections: Int) throws(CurlError) {
        try CurlGlobal.ensure()
        guard let multi = curl_multi_init() else {
            throw CurlError(code: "curl.init", message: "curl_multi_init returned NULL")
        }
        self.multi = multi
        idleLimit = maxHostConnections * 2
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, maxHostConnections)
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, maxHostConnections)
    }

    deinit { curl_multi_cleanup(multi) }

    func submit(_ submission: Submission) {
        let (accepted, wake) = inbox.withLock { inbox in
            guard !inbox.stopping else { return (false, false) }
            inbox.submissions.append(submission)
            defer { inbox.sleeping = false }
            return (true, inbox.sleeping)
        }
        guard accepted else {
            submission.completion(.failure(Self.shutdownError))
            return
        }
        if wake { curl_multi_wakeup(multi) }
    }

    /// Asks the thread to stop and waits until it has (once; later calls return at once).
    func stop() {
        let first = inbox.withLock { inbox in
            defer { inbox.stopping = true }
            return !inbox.stopping
        }
        guard first else { return }
        curl_multi_wakeup(multi)
        done.wait()
    }

    func run() {
        defer { done.signal() }
        while true {
            let (submissions, stopping) = inbox.withLock { inbox in
                defer { inbox.submissions.removeAll() }
                return (inbox.submissions, inbox.stopping)
            }
            if stopping {
                submissions.forEach { $0.completion(.failure(Self.shutdownError)) }
                abandonActive()
                return
            }
            submissions.forEach(start)
            var running: Int32 = 0
            curl_multi_perform(multi, &running)
            collectFinished()
            // Sleep only if nothing arrived meanwhile; a submission made after this sees `sleeping` and wakes us.
            let sleep = inbox.withLock { inbox in
                inbox.sleeping = inbox.submissions.isEmpty && !inbox.stopping
                return inbox.sleeping
            }
            if sleep {
                curl_multi_poll(multi, nil, 0, 1000, nil)
                inbox.withLock { $0.sleeping = false }
            }
        }
    }

    private static let shutdownError = CurlError(code: "curl.shutdown", message: "the HTTP client was shut down")

    private func start(_ submission: Submission) {
        do throws(CurlError) {
            let easy: EasyHandle
            if let reused = idle.popLast() { easy = reused } else { easy = try EasyHandle() }
            try configure(easy, for: submission.request)
            let code = curl_multi_add_handle(multi, easy.raw)
            guard code == CURLM_OK else {
                throw CurlError(code: "curl.multi", message: String(cString: curl_multi_strerror(code)),
                                curlCode: Int(code.rawValue))
            }
            active[easy.raw] = (easy, submission.completion)
        } catch {
            submission.completion(.failure(error))
        }
    }

    /// Sets every per-request option. Body and headers change with every request; the rest (URL,
    /// method, credentials, timeouts) a reused handle usually has already, so they are set only when
    /// they differ from what the handle's last request set (each string option is a copy inside
    /// libcurl, and the repeated settings cost about 2,000 instructions a request). Callbacks and
    /// keep-alive stay as `EasyHandle` set them.
    private func configure(_ easy: EasyHandle, for request: HTTPRequest) throws(CurlError) {
        let options = RequestOptions(request)
        let last = easy.lastOptions
        // Unknown until every option below is set: a failure half-way must not leave a memo that lies.
        easy.lastOptions = nil
        if last?.url != options.url { try easy.set(CURLOPT_URL, options.url) }
        if request.method == "POST" || !request.body.isEmpty {
            try easy.copyPostFields(request.body)
        } else {
            try easy.set(CURLOPT_HTTPGET, 1)
        }
        if last?.method != options.method {
            try easy.setPointer(CURLOPT_CUSTOMREQUEST, nil)
            if request.method != "GET", request.method != "POST" { try easy.set(CURLOPT_CUSTOMREQUEST, request.method) }
        }
        // "Expect:" off: no extra round trip for a 100 Continue on small POSTs.
        try easy.setHeaders(request.headers, then: "Expect:")
        if last == nil || last?.username != options.username || last?.password != options.password {
            if let username = options.username, let password = options.password {
                try easy.set(CURLOPT_HTTPAUTH, ccurl_auth_basic())
                try easy.set(CURLOPT_USERNAME, username)
                try easy.set(CURLOPT_PASSWORD, password)
            } else {
                try easy.setPointer(CURLOPT_USERNAME, nil)
                try easy.setPointer(CURLOPT_PASSWORD, nil)
            }
        }
        if last?.connectTimeout != options.connectTimeout {
            try easy.set(CURLOPT_CONNECTTIMEOUT_MS, options.connectTimeout.milliseconds)
        }
        if last?.timeout != options.timeout { try easy.set(CURLOPT_TIMEOUT_MS, options.timeout.milliseconds) }
        if last == nil { try easy.set(CURLOPT_TCP_KEEPALIVE, 1) }
        easy.lastOptions = options
    }

    private func collectFinished() {
        var left: Int32 = 0
        while let message = curl_multi_info_read(multi, &left) {
            guard message.pointee.msg == CURLMSG_DONE, let raw = message.pointee.easy_handle,
                  let (easy, completion) = active.removeValue(forKey: raw) else { continue }
            let code = ccurl_msg_result(message)
            curl_multi_remove_handle(multi, raw)
            if code == CURLE_OK {
                let response = HTTPResponse(status: easy.responseCode,
                                            rawHeaders: easy.headerBytes, body: easy.body)
                completion(.success(response))
            } else {
                let error = CurlError(code: "curl.transfer", message: easy.errorMessage(for: code),
                                      curlCode: Int(code.rawValue), replyCode: easy.responseCode)
                completion(.failure(error))
            }
            if idle.count < idleLimit {
                easy.prepareTransfer()
                idle.append(easy)
            }
        }
    }

    private func abandonActive() {
        for (raw, (_, completion)) in active {
            curl_multi_remove_handle(multi, raw)
            completion(.failure(Self.shutdownError))
        }
        active.removeAll()
    }
}

/// What `MultiLoop.configure` set on a handle besides body and headers, kept on the handle to skip
/// settings that repeat.
struct RequestOptions {
    var url: String
    var method: String
    var username: String?
    var password: String?
    var connectTimeout: Duration
    var timeout: Duration

    init(_ request: HTTPRequest) {
        url = request.url
        method = request.method
        username = request.basicAuth?.username
        password = request.basicAuth?.password
        connectTimeout = request.connectTimeout
        timeout = request.timeout
    }
}
