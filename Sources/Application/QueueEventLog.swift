import Foundation
import Notifications
import Queue
import Runtime
import Vocabulary

/// The worker's events as log lines (README, "Operating it", logs).
///
/// Each message sent, failed (to be retried), dead or cancelled is one info
/// line with the job id, kind, channel, business id, attempt and the
/// provider's reply code: never an address, a name, a number, a body or a
/// token (the events carry none). Other jobs' successes go at debug: the
/// planner alone runs every minute. Failures arrive already rate-limited
/// (`FailureReporter`), one line per part per minute while it keeps failing.
struct QueueEventLog: Sendable {
    let logger: Logger

    func log(_ event: QueueEvent) {
        switch event {
        case .failure(let part, let cause, let unreported):
            logger.error("queue \(part.rawValue) failed", ["part": LogValue(part.rawValue), "error": LogValue(cause),
                                                           "unreported_since_last": LogValue(String(unreported))])
        case .recovered(let part, let failures):
            logger.notice("queue \(part.rawValue) works again", ["part": LogValue(part.rawValue), "failures": LogValue(String(failures))])
        case .fenced(let lastHeartbeat):
            logger.error("worker fenced: its heartbeat cannot be written; it claims and starts nothing until it can",
                         ["last_heartbeat": LogValue(lastHeartbeat.map { $0.ISO8601Format() } ?? "never")])
        case .unfenced:
            logger.notice("worker heartbeat written again; claiming resumes")
        case .rescued(let total, let lost):
            logger.warning("running jobs returned to the queue", [
                "jobs": LogValue(String(total)), "worker_lost": LogValue(String(lost)), "lease_expired": LogValue(String(total - lost)),
            ])
        case .finished(let job):
            finished(job)
        }
    }

    private func finished(_ job: FinishedJob) {
        let isMessage = job.kind == JobKind.sendMessage.rawValue
        let (level, what): (LogLevel, String) = switch (job.outcome, job.state) {
        case ("succeeded", _): (isMessage ? .info : .debug, "sent")
        case (_, .retryable): (.info, "failed; will retry")
        case (_, .dead): (.info, "dead")
        case (_, .cancelled): (isMessage ? .info : .debug, "cancelled")
        default: (.debug, "deferred")
        }
        let text = isMessage ? "message \(what)" : "job \(what == "sent" ? "succeeded" : what)"
        logger.log(level, text, [
            "job": LogValue(String(job.id)), "kind": LogValue(job.kind), (isMessage ? "channel" : "queue"): LogValue(job.queue),
            "business": LogValue(job.businessID?.uuidString.lowercased() ?? "-"), "attempt": LogValue(String(job.attempt)),
            "reply_code": LogValue(job.replyCode.isEmpty ? "-" : job.replyCode),
            "error_code": LogValue(job.errorCode.isEmpty ? "-" : job.errorCode),
            "retry_in_s": LogValue(job.state == .retryable ? String(Int(job.delaySeconds.rounded())) : "-"),
        ])
    }
}
