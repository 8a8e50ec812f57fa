import Curl
import Dispatch
import Foundation

/// A fixed set of sender threads, each owning one `SMTPClient` (one connection).
///
/// libcurl finishes an SMTP transfer with a blocking wait even inside a multi
/// handle, so each sender runs `curl_easy_perform` on its own `Thread`, off
/// Swift's cooperative pool. Jobs wait in a FIFO guarded by an `NSCondition`;
/// each job carries the completion its sender calls with the classified
/// result. A sender creates its client lazily, on its own thread, and keeps it
/// for the thread's life, so the connection is reused across messages.
///
/// `@unchecked Sendable`: `jobs`, `head` and `stopping` are read and written
/// only while `condition` is locked; `settings` is immutable.
final class SenderPool: @unchecked Sendable {
    struct Job {
        let sender: String
        let recipient: String
        let bytes: [UInt8]
        let messageID: String
        let completion: @Sendable (DeliveryResult) -> Void
    }

    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var head = 0
    private var stopping = false
    private let exited = DispatchSemaphore(value: 0)
    private let threads: Int
    private let settings: SMTPSettings

    init(settings: SMTPSettings) {
        precondition(settings.senderThreads > 0, "an SMTP transport needs at least one sender thread")
        threads = settings.senderThreads
        self.settings = settings
        for index in 0..<threads {
            let thread = Thread { [self] in runSender() }
            thread.name = "smtp-sender-\(index)"
            thread.start()
        }
    }

    /// Queues a job; after `stop` it is answered at once as transient.
    func submit(_ job: Job) {
        condition.lock()
        guard !stopping else {
            condition.unlock()
            job.completion(DeliveryResult(outcome: .transient, replyText: "SMTP transport stopped"))
            return
        }
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Lets queued jobs finish, then ends every sender thread; with `wait`, blocks until they have.
    func stop(wait: Bool = true) {
        condition.lock()
        let first = !stopping
        stopping = true
        condition.broadcast()
        condition.unlock()
        guard first, wait else { return }
        for _ in 0..<threads { exited.wait() }
    }

    /// The next job, or nil when stopping and nothing is left.
    private func next() -> Job? {
        condition.lock()
        defer { condition.unlock() }
        while head == jobs.count, !stopping { condition.wait() }
        guard head < jobs.count else { return nil }
        let job = jobs[head]
        head += 1
        if head > 1024, head * 2 > jobs.count {
            jobs.removeFirst(head)
            head = 0
        }
        return job
    }

    private func makeClient() throws(CurlError) -> SMTPClient {
        try SMTPClient(url: settings.url, requireTLS: settings.requireTLS, caFile: settings.caFile,
                       username: settings.username, password: settings.password,
                       connectTimeout: settings.connectTimeout, transferTimeout: settings.transferTimeout,
                       commandTimeout: settings.commandTimeout)
    }

    private func runSender() {
        defer { exited.signal() }
        var client: SMTPClient?
        while let job = next() {
            do throws(CurlError) {
                let connection: SMTPClient
                if let client { connection = client } else { connection = try makeClient() }
                client = connection
                let reply = try connection.send(from: job.sender, to: [job.recipient], message: job.bytes)
                job.completion(DeliveryResult(outcome: .delivered, replyCode: reply.code,
                                                                  replyText: reply.text, messageID: job.messageID))
            } catch {
                let outcome = ReplyClassifier.smtp(replyCode: error.replyCode, curlCode: error.curlCode)
                let text = error.replyCode >= 400 ? error.replyText : error.message
                job.completion(DeliveryResult(
                    outcome: outcome, replyCode: error.replyCode >= 400 ? error.replyCode : 0, replyText: text,
                    messageID: job.messageID, detailCode: error.curlCode))
            }
        }
    }
}
