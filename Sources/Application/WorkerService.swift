import Queue
import Runtime

/// The queue worker as a service: claims and runs jobs from start until stop;
/// on stop it stops claiming, lets running jobs finish up to the timeout,
/// writes their outcomes and hands the rest back to the queue.
final class WorkerService: Service {
    let name = "worker"
    let worker: Worker
    private let shutdownTimeout: Duration
    private let logger: Logger

    init(worker: Worker, shutdownTimeout: Duration, logger: Logger) {
        self.worker = worker
        self.shutdownTimeout = shutdownTimeout
        self.logger = logger
    }

    func start() async throws {
        try worker.start()
        logger.notice("worker started", ["queues": LogValue(worker.configuration.queues.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: ","))])
    }

    func stop() async throws {
        let worker = self.worker, timeout = shutdownTimeout
        let report = try await BlockingThread.run("worker-stop") { worker.shutdown(timeout: timeout) }
        logger.notice("worker stopped", ["drained": LogValue(report.drained ? "true" : "false"), "released": LogValue(String(report.released))])
    }
}
